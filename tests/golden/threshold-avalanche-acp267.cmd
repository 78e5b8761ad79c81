penalty --chain avalanche --offline 120961s --uptime-requirement 0.9
