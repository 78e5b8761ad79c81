penalty --chain solana --offline 1s --stake 1000 --format csv
