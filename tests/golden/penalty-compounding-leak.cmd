penalty --offline 3w --leak --stake 2048
