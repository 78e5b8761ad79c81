ha --design triple
