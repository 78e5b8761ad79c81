ha --compare --format csv
