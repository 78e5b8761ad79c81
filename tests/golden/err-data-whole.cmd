chains --data tests/fixtures/bad-whole.csv
