report --validators 200-100
