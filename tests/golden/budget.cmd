budget --slo 99 --window 30d --used 2h --restart 15m
