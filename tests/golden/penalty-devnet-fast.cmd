penalty --offline 1d --leak --chain devnet-1s --data tests/fixtures/devnet-fast.csv --format json
