"""Defaults shared by every function that takes them, written once."""

from __future__ import annotations

#: Zone of naive publication times when reading, and of calendar periods when counting: most of
#: the archives this package grew on are mainland, Hong Kong and Taiwan outlets (UTC+8).
TIMEZONE = "Asia/Shanghai"
