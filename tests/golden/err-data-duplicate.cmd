chains --data tests/fixtures/bad-duplicate.csv
