penalty --chain gnosis --offline 1d --leak
