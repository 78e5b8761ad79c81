penalty --chain avalanche --offline 3d
