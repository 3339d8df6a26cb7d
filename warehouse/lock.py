"""One cycle at a time per database: a lock file beside it that the operating system releases
when its holder dies, so a crashed or killed run never blocks the next one.

DuckDB's own file lock only covers the moments a connection is open; claimwatch opens the
database for short sessions, so two runs could otherwise interleave their polls and loads.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from claimwatch.warehouse.errors import WarehouseError


class RunInProgress(WarehouseError):
    """Another claimwatch run holds this database's run lock."""


class RunLock:
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

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
