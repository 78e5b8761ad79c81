ha --design single --exit-queue 60d --format csv
