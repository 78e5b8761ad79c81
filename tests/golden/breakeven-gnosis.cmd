breakeven --chain gnosis --cost 10 --price 150
