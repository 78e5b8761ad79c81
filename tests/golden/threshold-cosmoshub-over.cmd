penalty --chain cosmoshub --offline 57006s --stake 1000 --apr 0.15 --format csv
