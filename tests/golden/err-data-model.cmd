chains --data tests/fixtures/bad-model.csv
