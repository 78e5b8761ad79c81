budget --slo 99 extra
