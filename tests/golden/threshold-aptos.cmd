penalty --chain aptos --offline 1s --format csv
