ha --design active-passive --double-sign-prob 1.5
