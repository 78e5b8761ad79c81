chains gnosis --format json
