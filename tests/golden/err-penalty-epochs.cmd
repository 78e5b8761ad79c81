penalty --offline 100y --chain devnet-1s --data tests/fixtures/devnet-fast.csv
