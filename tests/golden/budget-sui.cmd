budget --slo 99 --chain sui
