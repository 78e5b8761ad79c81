breakeven --cost 50
