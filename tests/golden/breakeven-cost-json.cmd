breakeven --cost 600/year --price 3000 --format json
