budget --slo 99.9 --format csv
