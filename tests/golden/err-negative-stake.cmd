penalty --offline 1d --stake -5
