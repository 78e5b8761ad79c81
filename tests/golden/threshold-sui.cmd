penalty --chain sui --offline 1s --apr 0.03 --stake 100 --format csv
