penalty --chain dydx --offline 7210.5s --stake 1000 --apr 0.1
