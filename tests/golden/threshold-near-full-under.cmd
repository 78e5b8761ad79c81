penalty --chain near --offline 388s --stake 100000 --apr 0.05 --format csv
