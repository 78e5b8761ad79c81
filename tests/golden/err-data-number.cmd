chains --data tests/fixtures/bad-number.csv
