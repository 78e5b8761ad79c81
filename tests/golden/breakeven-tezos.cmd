breakeven --chain tezos --apr 0.05 --cost 20/month --price 1 --stake 6000
