breakeven --cost 50/fortnight --price 3000
