ha --design single --maintenance 2/month
