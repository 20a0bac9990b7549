"""The Qt desktop app: a drawing canvas, the prediction and a look inside LeNet-5.

Rule of the house: the UI draws and displays, the engine computes. No module here
imports torch when it is imported; the network loads in a background thread
(model_loader) after the window is up, so the first window appears fast.
"""
