budget --slo 99.9 --used 2h
