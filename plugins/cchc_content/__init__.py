"""The content contract: reading, validating and listing CCHC posts."""

from .plugin import register

__all__ = ["register"]
