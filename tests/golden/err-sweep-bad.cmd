breakeven --sweep 90:100
