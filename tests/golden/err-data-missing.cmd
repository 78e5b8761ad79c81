chains --data tests/fixtures/does-not-exist.csv
