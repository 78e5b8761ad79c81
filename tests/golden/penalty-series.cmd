penalty --offline 64m --leak --series
