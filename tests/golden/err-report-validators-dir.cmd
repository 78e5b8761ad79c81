report --validators-file tests/fixtures
