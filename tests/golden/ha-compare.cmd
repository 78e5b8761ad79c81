ha --compare --mtbf 30d --mttr 6h
