"""The base of every error hypergen_vdom raises on purpose, so ``except HypergenError`` catches
ours and nothing else."""

from __future__ import annotations

__all__ = ["HypergenError"]


class HypergenError(Exception):
    """Base class of hypergen_vdom's own errors."""
