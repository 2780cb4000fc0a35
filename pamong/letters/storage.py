"""Kept because this app's first migration names this module's ``private_storage``."""

from pamong.core.storage import private_storage

__all__ = ["private_storage"]
