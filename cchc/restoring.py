"""Whether this thread is loading a backup (cchc/backup.py). Loading writes rows as they were
recorded, so signal receivers that record new facts (audit entries) stay quiet meanwhile:
`loaddata` marks post_save with raw=True, but not the m2m_changed of a user's groups."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

_restoring: ContextVar[bool] = ContextVar("cchc_restoring", default=False)


def restoring() -> bool:
    return _restoring.get()


@contextlib.contextmanager
def restoring_backup() -> Iterator[None]:
    token = _restoring.set(True)
    try:
        yield
    finally:
        _restoring.reset(token)
