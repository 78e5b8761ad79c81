chains --data tests/fixtures/bad-missing-column.csv
