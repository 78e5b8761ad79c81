breakeven --apr 3.5% --cost 50 --price 3000
