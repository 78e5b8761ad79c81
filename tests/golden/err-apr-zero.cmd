breakeven --apr 0
