"""The tally: posts counted against the year's plan, and the dashboard."""

from .plugin import register

__all__ = ["register"]
