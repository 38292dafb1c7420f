"""Writes made one after another in a helper thread, so the caller need not wait for them.

The delivery worker hands each partner's answer (acknowledged point, audit entry, error)
to an :class:`OrderedWriter` and sends the next batch meanwhile. The writes keep their
order; once one fails, the ones after it are not made, so what is stored never gets ahead
of a write that is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

__all__ = ["OrderedWriter", "SkippedWriteError"]


class SkippedWriteError(Exception):
    """A write not made because an earlier one failed."""


class OrderedWriter:
    def __init__(self, name: str) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._pending: list[Future[None]] = []
        self._broken = False

    def submit(self, write: Callable[..., None], *args: Any) -> None:
        self._pending.append(self._pool.submit(self._in_order, write, *args))

    def reap(self) -> None:
        """Forget the writes that are done; if one of them failed, :meth:`flush`."""
        if any(w.done() and w.exception() is not None for w in self._pending):
            self.flush()
        self._pending = [w for w in self._pending if not w.done()]

    def flush(self) -> None:
        """Wait for every write; raise the first failure (the writer is usable again)."""
        pending, self._pending = self._pending, []
        errors = [e for e in (w.exception() for w in pending) if e is not None]
        self._broken = False
        if errors:
            raise errors[0]

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self._pool.shutdown()

    def _in_order(self, write: Callable[..., None], *args: Any) -> None:
        if self._broken:
            raise SkippedWriteError("not written: an earlier write failed")
        try:
            write(*args)
        except Exception:
            self._broken = True
            raise
