penalty --offline 1d --stake 40 --credentials 0x01
