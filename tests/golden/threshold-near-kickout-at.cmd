penalty --chain near --offline 5184s --stake 100000 --apr 0.05 --format csv
