"""Work to do once a transaction commits, for the objects its edits touched, once each.

Both the snapshot refresh (per zone) and the alert refresh (per project) follow edits this
way: a save notes its keys with ``transaction.on_commit``, so a rolled-back edit (its
callback dropped by Django) does nothing; and a burst of edits committed together (a
month's grid, an import) runs the work once per key, not once per edit.
"""

import threading
from collections.abc import Callable, Hashable, Iterable
from functools import partial
from typing import Generic, TypeVar

from django.db import transaction

K = TypeVar("K", bound=Hashable)


class AfterCommit(Generic[K]):
    """Runs ``action(keys)`` after the commit of the edits that noted those keys.

    Each note is numbered (per thread: one database connection each). A callback whose note
    was made before the action last ran for a key is covered by that run: the action then
    saw the committed data of every edit noted before it.
    """

    def __init__(self, action: Callable[[set[K]], object]) -> None:
        self.action = action
        self._state = threading.local()

    def note(
        self,
        keys: Iterable[K | None],
        resolve: Callable[[frozenset[K]], Iterable[K | None]] | None = None,
    ) -> None:
        """Run the action for ``keys`` (or, with ``resolve``, for the keys it maps them to
        once committed) after the current transaction commits."""
        self._state.notes = getattr(self._state, "notes", 0) + 1
        wanted = frozenset(key for key in keys if key is not None)
        callback = partial(self._committed, self._state.notes, wanted, resolve)
        # A failure (say, the broker down) is logged, not raised into the request that
        # saved: the nightly jobs repair what a refresh missed.
        transaction.on_commit(callback, robust=True)

    def _committed(
        self,
        noted: int,
        keys: frozenset[K],
        resolve: Callable[[frozenset[K]], Iterable[K | None]] | None,
    ) -> None:
        if resolve is not None and keys:
            keys = frozenset(key for key in resolve(keys) if key is not None)
        covered: dict[K, int] = self._state.__dict__.setdefault("covered", {})
        due = {key for key in keys if covered.get(key, 0) < noted}
        for key in due:
            covered[key] = self._state.notes
        if due:
            self.action(due)
