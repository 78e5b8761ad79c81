report --validators 0-999999,1000000
