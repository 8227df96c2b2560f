"""The message catalogues: facilitator.pot, and one .po per language (docs/translating.md)."""
