budget --slo 99 --chain dydx --restart 3h --apr 0.1 --stake 1000
