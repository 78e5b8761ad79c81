penalty --offline 1d --stake 1e30
