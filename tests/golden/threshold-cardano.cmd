penalty --chain cardano --offline 1s --apr 0.03 --stake 1000 --format csv
