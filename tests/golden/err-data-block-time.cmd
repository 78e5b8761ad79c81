penalty --offline 1d --data tests/fixtures/bad-block-time.csv
