ha --design dvt --format json --trials 2000 --seed 7
