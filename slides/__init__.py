"""The shipped workshop decks, installed as the package `facilitator.slides`.

A package (not a plain folder) so that importlib.resources finds it in an editable
install as in a wheel; see the package-dir mapping in pyproject.toml.
"""
