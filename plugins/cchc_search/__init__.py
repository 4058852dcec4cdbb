"""Site search: a Pagefind index built with the site and a Vietnamese search page."""

from .plugin import register

__all__ = ["register"]
