penalty --chain dydx --offline 7209s --stake 1000 --apr 0.1 --format csv
