penalty --offline 1d --chain etherum
