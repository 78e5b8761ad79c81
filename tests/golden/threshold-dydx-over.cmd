penalty --chain dydx --offline 6555s --stake 1000 --apr 0.1
