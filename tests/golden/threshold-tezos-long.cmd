penalty --chain tezos --offline 6d --apr 0.1 --format csv
