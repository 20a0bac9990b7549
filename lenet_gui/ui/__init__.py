"""The Qt desktop app: a drawing canvas, the prediction and a look inside LeNet-5.

Rule of the house: the UI draws and displays, the engine computes. Nothing on the way to
the first prediction imports torch: weights are read and drawings run with numpy
(engine/checkpoint.py, engine/inference.py), in a background thread (model_loader) after
the window is up. torch is loaded, in threads, only for saliency and training.
"""
