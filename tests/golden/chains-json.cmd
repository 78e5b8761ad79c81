chains --format json
