"""Measuring and training the tagger: the written development set (`devset/`), our paragraph
labels of the real documents (`labelled`), `evaluate` and `crossval`, which trains the
model with scikit-learn (a development dependency).

Reads `../shared/data` beside the checkout; nothing else in the package imports it.
"""
