penalty --chain gnosis --stake 64 --offline 1d
