penalty --chain polkadot --offline 1s --apr 0.12 --stake 500 --format csv
