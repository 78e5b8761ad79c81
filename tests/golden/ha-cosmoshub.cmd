ha --compare --chain cosmoshub --stake 1000 --apr 0.15
