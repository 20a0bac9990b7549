"""Widgets that more than one feature shows (a gallery of digits, a map tile)."""
