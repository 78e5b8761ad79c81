breakeven --format csv
