penalty --chain cosmoshub --offline 1d --series
