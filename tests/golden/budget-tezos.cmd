budget --slo 99 --chain tezos --apr 0.1 --restart 9h
