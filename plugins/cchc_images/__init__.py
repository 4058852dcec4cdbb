"""Images: light, private, accessible pictures (WebP/JPEG derivatives, no metadata) and share cards."""

from .plugin import register

__all__ = ["register"]
