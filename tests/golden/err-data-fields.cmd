chains --data tests/fixtures/bad-fields.csv
