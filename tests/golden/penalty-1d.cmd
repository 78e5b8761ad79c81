penalty --offline 1d
