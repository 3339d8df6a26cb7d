"""The public views as Parquet, for other engines (Spark, Polars, pandas, DuckDB elsewhere).

Each view becomes a directory of Hive-partitioned files, one partition per UTC date:

    DIR/claims/date=2026-11-20/data_0.parquet
    DIR/contradictions/date=2026-11-21/data_0.parquet
    DIR/.claimwatch-export.json        the manifest: every file this export wrote
    ...

The export deletes nothing it did not write. It writes only into a directory that is missing,
empty or holds nothing but an earlier export's files (those its manifest lists); an earlier
export is replaced only when asked (`overwrite`), and then only the files its manifest lists.
A directory holding anything else is refused before anything is touched. A view with no rows
gets no directory.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from claimwatch.warehouse.parquet import ParquetWriter, parquet_writer
from claimwatch.warehouse.store import Warehouse

MANIFEST = ".claimwatch-export.json"
_FORMAT = "claimwatch-parquet-export"


class ExportRefused(Exception):
    """The export directory holds something this export may not replace; nothing was touched."""


@dataclass
class _Manifest:
    """What this export wrote under `root` (relative POSIX paths). `pending` names view
    directories being written right now: if the export dies mid-view, their files are still
    known to be ours."""

    root: Path
    files: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.root / MANIFEST

    @classmethod
    def read(cls, root: Path) -> _Manifest | None:
        path = root / MANIFEST
        if not path.exists() and not path.is_symlink():
            return None
        try:
            if path.is_symlink() or not path.is_file():
                raise ValueError("not a regular file")
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != _FORMAT:
                raise ValueError("not an export manifest")
            files, pending = _strings(data.get("files")), _strings(data.get("pending", []))
        except (OSError, ValueError) as exc:
            raise ExportRefused(
                f"{path} is not a claimwatch export manifest ({exc}); not exporting into {root}"
            ) from None
        return cls(root, files, pending)

    def save(self) -> None:
        """Replace the manifest atomically: a crash leaves the old one or the new one."""
        data = {
            "format": _FORMAT,
            "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "files": sorted(self.files),
            "pending": self.pending,
        }
        tmp = self.root / f"{MANIFEST}.tmp"
        tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, self.path)


def _strings(value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("malformed")
    return [str(v) for v in value]


def _survey(root: Path, manifest: _Manifest | None) -> tuple[list[Path], list[str]]:
    """Our files under `root` (listed in the manifest, or inside a pending view directory) and
    everything else found there (relative paths). Walks without following symbolic links, so
    only what lies under `root` itself is ever counted as ours."""
    listed = set(manifest.files) if manifest else set()
    pending = set(manifest.pending) if manifest else set()
    keep_dirs = {str(Path(f).parent) for f in listed} | pending
    keep_dirs |= {str(p) for d in list(keep_dirs) for p in Path(d).parents}
    ours: list[Path] = []
    foreign: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        for name in sorted(dirnames):
            rel = (here / name).relative_to(root)
            if (here / name).is_symlink():
                foreign.append(rel.as_posix())
            elif str(rel) not in keep_dirs and not _inside(rel, pending):
                foreign.append(f"{rel.as_posix()}/")
        for name in sorted(filenames):
            rel = (here / name).relative_to(root)
            if here == root and name in (MANIFEST, f"{MANIFEST}.tmp"):
                continue
            regular = (here / name).is_file() and not (here / name).is_symlink()
            if regular and (rel.as_posix() in listed or _inside(rel, pending)):
                ours.append(here / name)
            else:
                foreign.append(rel.as_posix())
    return ours, foreign


def _inside(rel: Path, dirs: set[str]) -> bool:
    return any(part in dirs for part in (str(p) for p in rel.parents if str(p) != "."))


def _prune(root: Path, start: Path) -> None:
    """Remove `start` and its parents up to (not including) `root` while they are empty."""
    d = start
    while d != root and root in d.parents:
        try:
            d.rmdir()
        except OSError:  # not empty (or already gone): stop here
            return
        d = d.parent


def _remove_tree_of_ours(root: Path, view_dir: Path) -> None:
    """Remove what a failed write of one view left (the directory did not exist before)."""
    for dirpath, _dirnames, filenames in os.walk(view_dir, topdown=False):
        for name in filenames:
            (Path(dirpath) / name).unlink(missing_ok=True)
        _prune(root, Path(dirpath))


def export_parquet(wh: Warehouse, out_dir: Path, *, overwrite: bool = False) -> list[Path]:
    """Write every public view under `out_dir/<view>/date=YYYY-MM-DD/`; returns the files.

    Raises ExportRefused, with nothing touched, when `out_dir` holds anything this export did
    not write, or an earlier export and `overwrite` is false."""
    manifest, old = _check_target(out_dir, overwrite)
    # The database is opened before anything is deleted: a busy or broken database leaves an
    # earlier export as it was.
    with parquet_writer(wh) as writer:
        try:
            if manifest is None:
                out_dir.mkdir(parents=True, exist_ok=True)
                manifest = _Manifest(out_dir)
            return _write(writer, out_dir, manifest, old)
        except OSError as exc:  # the directory, the manifest or a deletion: disk, permissions
            raise ExportRefused(f"cannot export to {out_dir}: {exc.strerror or exc}") from exc


def _check_target(out_dir: Path, overwrite: bool) -> tuple[_Manifest | None, list[Path]]:
    """The target's manifest and the earlier export's files; refuses any other content."""
    if not out_dir.exists():
        if out_dir.is_symlink():
            raise ExportRefused(f"{out_dir} is a broken symbolic link; not exporting there")
        return None, []
    if not out_dir.is_dir():
        raise ExportRefused(f"{out_dir} exists and is not a directory; not exporting there")
    manifest = _Manifest.read(out_dir)
    ours, foreign = _survey(out_dir, manifest)
    if foreign:
        more = f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
        raise ExportRefused(
            f"{out_dir} holds files claimwatch did not write ({', '.join(foreign[:3])}{more}); "
            "not exporting there, even with --overwrite (choose a new or empty directory)"
        )
    if ours and not overwrite:
        raise ExportRefused(
            f"{out_dir} holds an earlier export ({len(ours)} files); pass --overwrite to replace it"
        )
    return manifest, ours


def _write(writer: ParquetWriter, root: Path, manifest: _Manifest, old: list[Path]) -> list[Path]:
    # The earlier export's files go first; the manifest keeps listing them until they are gone.
    for path in old:
        path.unlink(missing_ok=True)
        _prune(root, path.parent)
    manifest.files, manifest.pending = [], []
    manifest.save()
    written: list[Path] = []
    for view in writer.views:
        target = root / view
        if target.exists() or target.is_symlink():  # appeared since the check: not ours
            raise ExportRefused(f"{target} appeared during the export; stopped there")
        manifest.pending = [view]
        manifest.save()
        try:
            writer.write(view, target)
        except Exception:
            _remove_tree_of_ours(root, target)  # it did not exist before this write
            manifest.pending = []
            manifest.save()
            raise
        files = sorted(p for p in target.rglob("*.parquet") if p.is_file())
        _prune_empty(root, target)
        written.extend(files)
        manifest.files.extend(p.relative_to(root).as_posix() for p in files)
        manifest.pending = []
        manifest.save()
    return written


def _prune_empty(root: Path, target: Path) -> None:
    """A view with no rows leaves an empty directory (and partitions, never empty): drop it."""
    if target.is_dir():
        for dirpath, _dirnames, _filenames in os.walk(target, topdown=False):
            _prune(root, Path(dirpath))
