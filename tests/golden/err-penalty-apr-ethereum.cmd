penalty --offline 1d --apr 0.05
