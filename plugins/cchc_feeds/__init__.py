"""Feeds: Atom and RSS for all posts, each area, unit and channel, and the radio podcast."""

from .plugin import register

__all__ = ["register"]
