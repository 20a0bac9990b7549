"""The Qt-free core: network, data, preprocessing, weights, training.

Nothing in this package imports PySide6 (tests/engine/test_no_qt.py proves it), so the
GUI, the CLI, the tests and any script share exactly the same code. Reading weights and
reading drawings (architecture, checkpoint, inference, preprocess, recognizer) need no
torch either, so the app shows its first prediction without waiting for it to import;
nor does train_config (the training defaults the Train dialog shows). models, training,
runs, augment, evaluation, weights and saliency are the torch side.
"""
