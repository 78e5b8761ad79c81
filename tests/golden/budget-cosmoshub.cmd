budget --slo 99.5 --chain cosmoshub --format json
