"""One cycle at a time per database: a lock file beside it that the operating system releases
when its holder dies, so a crashed or killed run never blocks the next one.

DuckDB's own file lock only covers the moments a connection is open; claimwatch opens the
database for short sessions, so two runs could otherwise interleave their polls and loads.

On a lake the lock is a PostgreSQL advisory lock on the lake's catalog database, keyed on the
topic (AdvisoryRunLock). Not a file: the processes sharing a lake run on several machines, and
a lock file on shared storage is only as good as that storage's locking (NFS often has none).
PostgreSQL is the one thing every writer of the lake already reaches, and it drops the lock
when the holder's connection ends, so a killed run blocks nothing. Per topic, because a lake
is where several topics' cycles write at once (appends never conflict), while two cycles of
one topic would poll the same feeds twice.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

from claimwatch.warehouse.errors import WarehouseError

if TYPE_CHECKING:
    from claimwatch.warehouse.backend import Lake


class RunInProgress(WarehouseError):
    """Another claimwatch run holds this database's run lock."""


class _WithBlock(ABC):
    """A lock held for the length of a with-block (acquire on entry, release on exit)."""

    @abstractmethod
    def acquire(self) -> Self: ...

    @abstractmethod
    def release(self) -> None: ...

    def __enter__(self) -> Self:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


class RunLock(_WithBlock):
    """An exclusive `flock` on `<db>.lock`, holding the holder's pid and start time."""

    def __init__(self, db_path: Path, *, wait: float = 0.0) -> None:
        self.path = Path(f"{db_path}.lock")
        self.wait = wait
        self._fd: int | None = None

    def holder(self) -> dict[str, object]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def acquire(self) -> RunLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    who = self.holder()
                    raise RunInProgress(
                        f"another claimwatch run is in progress on {self.path.with_suffix('')} "
                        f"(pid {who.get('pid', '?')}, started {who.get('started_at', '?')}); "
                        "not starting a second one"
                    ) from None
                time.sleep(0.5)
        os.ftruncate(fd, 0)
        os.write(
            fd,
            json.dumps(
                {"pid": os.getpid(), "started_at": datetime.now(UTC).isoformat(timespec="seconds")}
            ).encode(),
        )
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            # The file stays: unlinking a locked file lets a third process lock a new inode.
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class AdvisoryRunLock(_WithBlock):
    """A topic's run lock on a lake: PostgreSQL's advisory lock `run:<topic>`, held on the
    catalog database for as long as the run. A shard of a sharded cycle holds
    `run:<topic>:<part>` instead: the parts of one cycle run at once, each of them once."""

    def __init__(self, lake: Lake, topic: str, *, wait: float = 0.0, part: str | None = None):
        self.lake = lake
        self.topic = topic
        self.wait = wait
        self.part = part
        self._held: AbstractContextManager[None] | None = None

    def acquire(self) -> AdvisoryRunLock:
        name = f"run:{self.topic}" + (f":{self.part}" if self.part else "")
        held = self.lake.advisory_lock(name, wait=self.wait, busy=self._busy)
        held.__enter__()
        self._held = held
        return self

    def _busy(self) -> RunInProgress:
        what = f"{self.part} of topic {self.topic}" if self.part else f"topic {self.topic}"
        return RunInProgress(
            f"another claimwatch run of {what} is in progress on the lake "
            f"{self.lake.url}; not starting a second one"
        )

    def release(self) -> None:
        if self._held is not None:
            held, self._held = self._held, None
            held.__exit__(None, None, None)
