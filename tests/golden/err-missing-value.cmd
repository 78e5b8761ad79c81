penalty --offline
