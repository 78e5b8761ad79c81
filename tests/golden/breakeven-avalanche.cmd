breakeven --chain avalanche --cost 100 --price 20
