ha --compare --trials 100000000
