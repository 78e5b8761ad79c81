ha --compare --format json
