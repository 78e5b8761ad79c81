penalty --chain solana --offline 1d --stake 1000 --format csv
