penalty --chain osmosis --offline 24000s --stake 1000 --apr 0.1 --format csv
