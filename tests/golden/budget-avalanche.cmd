budget --slo 75 --window 2w --chain avalanche
