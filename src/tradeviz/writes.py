"""Writes of the editable sources, all or nothing: several files and the rebuilt dataset switch
together, or nothing changes.

POSIX renames one file at a time, so a write that changes several files (an article, the review
file, sources.csv and the manifest of the rebuilt set) goes through a journal, as a database
does:

1. under the lock, each new file is written beside its place as `.<name>.pending`;
2. the dataset is built from the sources with those pending files read in place of theirs
   (build.stage: the new Parquet set goes into sets/<version>/, the manifest is not touched);
   a build that fails removes the pending files and raises, and nothing has changed;
3. the journal (`.pending-write.json`, naming each pending file and its place, the manifest
   last) is written by rename: this is the commit;
4. each pending file is renamed into its place, the journal removed, the unused sets removed.

Killed before step 3, the old state stands and the leftovers are removed by `recover`; killed
after it, `recover` finishes the renames. Every writer (add-article, a Review save, build) calls
`recover` under the lock before it starts, so each sees the old complete state or the new one.
Readers never write: the app reads the dataset through the manifest (one rename), which is the
last file to move.
"""

from __future__ import annotations

import fcntl
import json
import os
from contextlib import contextmanager
from pathlib import Path

from tradeviz import build, store

JOURNAL = ".pending-write.json"
LOCK = ".write.lock"
PENDING = ".pending"
# Where a write puts pending files, and where recovery looks for leftovers (relative to data/).
FOLDERS = (".", "sources", "articles", "history")


@contextmanager
def locked(data_dir: Path):
    """One writer of a data folder at a time, across processes (an flock on data/.write.lock)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / LOCK).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def pending_path(path: Path) -> Path:
    return path.with_name(f".{path.name}{PENDING}")


def commit(data_dir: Path, files: dict[Path, bytes]) -> build.StagedSet:
    """Replace `files` (paths under data_dir -> their new bytes; none for a plain rebuild) and
    rebuild the dataset, all or nothing. The caller holds `locked(data_dir)` and has called
    `recover`. Returns the new set; raises build.BuildFailed (nothing changed) when the new
    sources do not build."""
    files = dict(files)
    staged = {path: pending_path(path) for path in files}
    manifest = data_dir / store.MANIFEST
    try:
        for path, payload in files.items():
            _write_synced(staged[path], payload)
        new_set = build.stage(data_dir, data_dir, staged)
        if new_set.history is not None:
            history_path, snapshot = new_set.history
            files[history_path], staged[history_path] = snapshot, pending_path(history_path)
            _write_synced(staged[history_path], snapshot)
        files[manifest], staged[manifest] = new_set.manifest, pending_path(manifest)
        _write_synced(staged[manifest], new_set.manifest)
    except BaseException:
        for pending in staged.values():
            pending.unlink(missing_ok=True)
        raise
    # The manifest moves last: until it does, the app serves the old set.
    moves = [[_relative(staged[path], data_dir), _relative(path, data_dir)] for path in files]
    build.atomic_write(data_dir / JOURNAL, json.dumps({"moves": moves}, indent=1).encode("utf-8"))
    _finish(data_dir)
    return new_set


def recover(data_dir: Path) -> None:
    """Bring a folder left by an interrupted write to a complete state (the caller holds the
    lock): finish a committed write, or remove what an uncommitted one left."""
    if (data_dir / JOURNAL).exists():
        _finish(data_dir)
        return
    for folder in FOLDERS:
        where = data_dir / folder
        if where.is_dir():
            for leftover in [*where.glob(f".*{PENDING}"), *where.glob(f".*{build.TEMP_SUFFIX}")]:
                leftover.unlink(missing_ok=True)
    manifest = store.read_manifest(data_dir) if (data_dir / store.MANIFEST).exists() else None
    if manifest is not None:
        build.remove_unused_sets(data_dir, keep=manifest["version"])


def _finish(data_dir: Path) -> None:
    """Roll a committed journal forward; every step may be repeated after a kill."""
    moves = json.loads((data_dir / JOURNAL).read_text(encoding="utf-8"))["moves"]
    for pending, place in moves:
        if (data_dir / pending).exists():
            os.replace(data_dir / pending, data_dir / place)
    for folder in {str(Path(place).parent) for _, place in moves}:
        _sync_folder(data_dir / folder)
    (data_dir / JOURNAL).unlink()
    _sync_folder(data_dir)
    recover(data_dir)


def _write_synced(path: Path, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    """Make the renames in a folder durable (a power cut after the commit keeps them)."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _relative(path: Path, data_dir: Path) -> str:
    return path.relative_to(data_dir).as_posix()
