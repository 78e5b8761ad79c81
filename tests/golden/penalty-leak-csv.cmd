penalty --offline 4.5d --leak --format csv
