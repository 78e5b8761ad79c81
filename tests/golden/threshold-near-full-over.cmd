penalty --chain near --offline 389s --stake 100000 --apr 0.05 --format csv
