ha --design active-passive --manual --mtbf 30d --mttr 6h --format json
