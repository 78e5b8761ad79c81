penalty --chain tezos --offline 28801s --apr 0.1
