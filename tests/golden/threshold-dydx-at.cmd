penalty --chain dydx --offline 6554s --stake 1000 --apr 0.1 --format csv
