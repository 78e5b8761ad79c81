penalty --chain cosmoshub --offline 57000s --stake 1000 --apr 0.15 --format csv
