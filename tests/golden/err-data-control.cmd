chains --data tests/fixtures/bad-control.csv
