breakeven --total-stake 8500000 --format csv
