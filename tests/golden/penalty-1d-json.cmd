penalty --offline 1d --format json
