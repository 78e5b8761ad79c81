breakeven --chain ethereum-hoodi
