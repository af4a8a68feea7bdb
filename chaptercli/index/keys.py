"""What identifies a file in the index (its key) and what says it changed when its
stamp (chaptercli.discovery.stamp) cannot: its digest."""

from __future__ import annotations

import os


def file_key(real: str) -> str:
    """What the index stores a file under: its resolved path, as text SQLite can hold.
    A name that is not UTF-8 (lone surrogates in Python) is spelled in hex after a
    mark no absolute path starts with, so every file keeps a key of its own."""
    if real.isascii():
        return real
    try:
        real.encode("utf-8")
    except UnicodeEncodeError:
        return "\\x" + os.fsencode(real).hex()
    return real


def path_of(key: str) -> str:
    """The resolved path a key stands for."""
    return os.fsdecode(bytes.fromhex(key[2:])) if key.startswith("\\x") else key


def digest(raw: bytes) -> str:
    import hashlib  # only when a file is read: most commands never need it

    return hashlib.blake2b(raw, digest_size=16).hexdigest()
