breakeven --sweep 30:50:5
