penalty --chain celestia --offline 59939s --stake 1000 --apr 0.1 --format csv
