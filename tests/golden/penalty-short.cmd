penalty --offline 5m
