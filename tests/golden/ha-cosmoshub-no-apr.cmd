ha --design active-passive --chain cosmoshub --trials 1000
