breakeven --stake 0.5
