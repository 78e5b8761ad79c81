budget --slo 150
