penalty --chain osmosis --offline 23999s --stake 1000 --apr 0.1 --format csv
