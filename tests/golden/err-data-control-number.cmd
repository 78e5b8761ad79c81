chains --data tests/fixtures/bad-control-number.csv
