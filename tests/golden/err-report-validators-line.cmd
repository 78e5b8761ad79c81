report --validators-file tests/fixtures/validators-bad.txt
