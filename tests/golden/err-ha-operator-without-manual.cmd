ha --design active-passive --operator-response 2h
