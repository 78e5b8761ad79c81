penalty --chain avalanche --offline 241921s --format csv
