ha --compare --design dvt
