penalty --chain cosmoshub --offline 16h --stake 1000 --apr 0.15
