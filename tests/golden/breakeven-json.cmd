breakeven --format json
