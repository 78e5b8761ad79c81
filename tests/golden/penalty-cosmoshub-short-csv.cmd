penalty --chain cosmoshub --offline 15h --stake 1000 --apr 0.15 --format csv
