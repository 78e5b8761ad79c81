penalty --chain avalanche --offline 241920s --format csv
