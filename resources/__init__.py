"""The handout's curated content and the fonts with their licences, installed as the
package `facilitator.resources` (see slides/__init__.py for why it is a package)."""
