penalty --chain polkadot --offline 1d --leak --stake 500 --apr 0.12
