"""The Learn view: LeNet-5 explained layer by layer."""
