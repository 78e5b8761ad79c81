penalty --offline 1d --data tests/fixtures/bad-needs.csv
