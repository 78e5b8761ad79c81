breakeven --cost 5000 --price 3000
