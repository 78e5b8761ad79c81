ha --design active-passive --mtbf 30d --mttr 6h --double-sign-prob 0.005 --format json
