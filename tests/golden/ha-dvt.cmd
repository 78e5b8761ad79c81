ha --design dvt --nodes 7 --threshold 5 --common-mode 2/year@1h
