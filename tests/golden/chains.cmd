chains
