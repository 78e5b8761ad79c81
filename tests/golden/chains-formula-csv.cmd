chains --data tests/fixtures/formula-text.csv --format csv
