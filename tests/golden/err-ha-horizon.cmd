ha --design single --horizon 1w
