budget --slo 0
