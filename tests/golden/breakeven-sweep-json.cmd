breakeven --sweep 0:100:25 --cost 50 --price 3000 --format json
