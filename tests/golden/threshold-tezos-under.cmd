penalty --chain tezos --offline 28799s --apr 0.1 --format csv
