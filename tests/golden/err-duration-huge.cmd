penalty --offline 200000d
