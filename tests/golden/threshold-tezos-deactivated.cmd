penalty --chain tezos --offline 2d --apr 0.1 --format csv
