breakeven --cost 50/month --price 3000
