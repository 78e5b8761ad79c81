penalty --chain cosmoshub --offline 2d --format json
