chains --data tests/fixtures/bad-fraction.csv
