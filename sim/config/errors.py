"""The one error type of configuration problems."""

from __future__ import annotations


class ConfigError(ValueError):
    """A configuration problem, worded for an analyst: key, value, what is allowed."""
