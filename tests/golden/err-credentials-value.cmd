penalty --offline 1d --credentials 0x03
