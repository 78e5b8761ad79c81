chains ethereum --format csv
