breakeven --apr 3.5
