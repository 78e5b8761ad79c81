penalty --chain near --offline 5185s --stake 100000 --apr 0.05
