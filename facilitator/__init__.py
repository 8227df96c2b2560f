"""Facilitator: run a lunch-and-learn workshop from one laptop, offline."""

__version__ = "0.1.0"
