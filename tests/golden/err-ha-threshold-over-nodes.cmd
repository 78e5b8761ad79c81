ha --design dvt --nodes 3 --threshold 4
