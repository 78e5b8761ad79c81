chains --format csv
