"""LeNet-5 Drawing Pad: draw a digit, watch LeNet-5 read it, look inside, retrain it."""

__version__ = "0.1.0"
