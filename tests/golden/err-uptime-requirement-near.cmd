penalty --chain near --offline 1d --uptime-requirement 0.9
