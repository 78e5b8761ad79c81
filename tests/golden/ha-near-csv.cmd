ha --chain near --design single --apr 0.05 --stake 100000 --format csv
