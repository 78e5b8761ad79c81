budget --slo 99 --format xml
