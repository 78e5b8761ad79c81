penalty --chain cosmoshub --offline 56999s --stake 1000 --apr 0.15 --format csv
