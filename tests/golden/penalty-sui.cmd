penalty --chain sui --offline 2d --apr 0.03 --stake 100
