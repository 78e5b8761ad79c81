penalty --chain celestia --offline 59940s --stake 1000 --apr 0.1 --format csv
