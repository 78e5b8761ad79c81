budget --slo 99 --chain zzzzzzzzzzzzzz
