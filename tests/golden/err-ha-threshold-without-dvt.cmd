ha --design single --threshold 2
