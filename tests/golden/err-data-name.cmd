chains --data tests/fixtures/bad-name.csv
