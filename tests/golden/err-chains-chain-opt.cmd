chains --chain ethereum
