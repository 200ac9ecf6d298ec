"""Spiders: just one, `sources`, for every registry entry."""
