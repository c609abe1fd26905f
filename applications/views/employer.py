"""Placeholder: replaced by the pages of issue #4."""
