breakeven --chain sui --apr 0.1 --cost 100/month --price 3 --stake 1000000
