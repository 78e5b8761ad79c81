penalty --offline 1d --format csv
