ha --design active-passive
