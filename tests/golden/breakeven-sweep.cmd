breakeven --sweep 90:100:2 --format csv
