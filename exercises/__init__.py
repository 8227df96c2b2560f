"""The shipped decks' exercises, installed as the package `facilitator.exercises`
(see slides/__init__.py for why it is a package)."""
