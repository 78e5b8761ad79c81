chains ethereum gnosis
