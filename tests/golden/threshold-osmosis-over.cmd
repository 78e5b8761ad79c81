penalty --chain osmosis --offline 24001.5s --stake 1000 --apr 0.1 --format csv
