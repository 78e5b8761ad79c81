penalty --chain tezos --offline 9h --apr 0.05
