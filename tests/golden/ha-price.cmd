ha --design single --price 3000 --slo 99.5 --horizon 2y --trials 3000 --seed 42 --maintenance 1/week@15m --catch-up 20m
