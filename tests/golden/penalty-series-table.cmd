penalty --offline 30m --leak --series --format table
