ha --design single --mttr -2h
