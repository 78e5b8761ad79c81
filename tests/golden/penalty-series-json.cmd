penalty --offline 30m --series --format json
