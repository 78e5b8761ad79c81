penalty --chain polygon-pos --offline 1h --apr 0.03 --format csv
