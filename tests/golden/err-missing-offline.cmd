penalty
