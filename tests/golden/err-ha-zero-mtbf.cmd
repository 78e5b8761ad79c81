ha --design single --mtbf 0
