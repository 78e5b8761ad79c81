penalty --chain avalanche --offline 2d --format json
