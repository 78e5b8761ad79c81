chains --format csv ethereum
