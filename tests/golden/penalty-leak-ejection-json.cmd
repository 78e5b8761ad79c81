penalty --offline 30d --leak --format json
