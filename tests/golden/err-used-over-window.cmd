budget --slo 99 --window 1d --used 2d
