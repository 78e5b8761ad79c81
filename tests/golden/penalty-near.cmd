penalty --chain near --offline 1h --stake 100000 --apr 5%
