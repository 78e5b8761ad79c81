penalty --chain celestia --offline 59946s --stake 1000 --apr 0.1 --format csv
