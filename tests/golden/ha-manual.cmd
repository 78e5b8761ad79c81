ha --design active-passive --manual --mtbf 30d --operator-response 4h --trials 2000
