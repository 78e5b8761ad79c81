chains --data tests/fixtures/bad-ejection.csv
