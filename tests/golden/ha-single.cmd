ha --design single
