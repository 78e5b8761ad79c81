breakeven --chain near --stake 100000 --apr 0.05 --cost 300 --price 3 --format csv
