penalty --chain avalanche --offline 241919s --format csv
