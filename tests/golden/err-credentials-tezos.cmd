penalty --chain tezos --offline 1d --credentials 0x01
