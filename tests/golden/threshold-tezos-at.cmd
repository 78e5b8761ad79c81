penalty --chain tezos --offline 8h --apr 0.1 --format csv
