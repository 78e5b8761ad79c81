breakeven --sweep 100:90:1
