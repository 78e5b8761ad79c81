budget --slo 99
