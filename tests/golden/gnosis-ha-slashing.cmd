ha --chain gnosis --design active-passive --format csv
