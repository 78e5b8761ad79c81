breakeven --chain sui
