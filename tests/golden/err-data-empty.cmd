chains --data tests/fixtures/empty.csv
