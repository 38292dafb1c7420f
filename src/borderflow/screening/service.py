"""The node's live screening state: the lists in force and an index swapped atomically.

Screening calls read the current :class:`Screener` once and keep using it, so a refresh
that builds a new index in the meantime never disturbs them; the swap is a single
reference assignment, done under a lock so two refreshes do not interleave.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterable, Mapping, Sequence

from borderflow.screening.index import NameIndex
from borderflow.screening.model import Entry
from borderflow.screening.refresh import ListDiff, diff_entries
from borderflow.screening.screener import DEFAULT_THRESHOLD, Screener

__all__ = ["ScreeningService"]


class ScreeningService:
    def __init__(
        self,
        lists: Mapping[str, Sequence[Entry]] | None = None,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        revisions: Mapping[str, Hashable] | None = None,
    ) -> None:
        self.threshold = threshold
        self._lists: dict[str, tuple[Entry, ...]] = {k: tuple(v) for k, v in (lists or {}).items()}
        self._revisions: dict[str, Hashable] = dict(revisions or {})
        self._lock = threading.Lock()
        self._screener = self._build(self._lists)

    def _build(self, lists: Mapping[str, Sequence[Entry]]) -> Screener:
        entries = [e for source in sorted(lists) for e in lists[source]]
        return Screener(NameIndex(entries), threshold=self.threshold)

    @property
    def screener(self) -> Screener:
        """The screener in force now; hold on to it for the length of one screening."""
        return self._screener

    @property
    def sources(self) -> dict[str, int]:
        return {source: len(entries) for source, entries in sorted(self._lists.items())}

    def revision(self, source: str) -> Hashable | None:
        """The storage revision ``source`` was last put in force at (``None``: not given)."""
        return self._revisions.get(source)

    def replace_list(
        self, source: str, entries: Iterable[Entry], *, revision: Hashable | None = None
    ) -> ListDiff:
        """Put a new version of ``source`` in force and return what changed.

        The index is rebuilt only when the entries differ from those in force.
        """
        new = tuple(entries)
        with self._lock:
            diff = diff_entries(self._lists.get(source, ()), new)
            if self._lists.get(source) != new:
                lists = {**self._lists, source: new}
                screener = self._build(lists)
                self._lists, self._screener = lists, screener
            self._revisions[source] = revision
        return diff
