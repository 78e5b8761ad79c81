penalty --offline 4x
