"""A dataset on shared storage: TRADEVIZ_DATA may name any location pyarrow's filesystems open,
a local folder or a URI such as s3://bucket/data?endpoint_override=host:9000&scheme=http, so that
several replicas serve one dataset.

The main dataset is a few hundred kilobytes, so a replica copies it whole into a local cache and
reads the copy (the loader, the article reader and the history keep working on files); the copy
is refreshed when the manifest changes, which is checked at most every CHECK_SECONDS. The
products set, which can hold tens of millions of rows, is never copied: its scans read the
bucket where it is (`products_location`). A replica never writes a shared dataset: adding and
reviewing articles happen where the dataset is built, which is then uploaded.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import threading
import time
from pathlib import Path

CHECK_SECONDS = 10.0
KEPT_COPIES = 3
CACHE_ENV = "TRADEVIZ_CACHE"
NOT_COPIED = ("products",)   # scanned in place
_copies: dict[str, tuple[float, Path]] = {}
_lock = threading.Lock()


class Unreachable(Exception):
    """The shared dataset cannot be read and no earlier copy exists."""


def is_shared(location: str) -> bool:
    return "://" in location


def redacted(uri: str) -> str:
    """`uri` without credentials, for messages: s3://key:secret@bucket/… -> s3://…@bucket/…"""
    return re.sub(r"^([a-z0-9+]+://)[^/@]*@", r"\1…@", uri)


def products_location(uri: str) -> str:
    """The products set beside a shared dataset: s3://b/data?x=1 -> s3://b/data/products?x=1."""
    path, _, query = uri.partition("?")
    return f"{path.rstrip('/')}/products" + (f"?{query}" if query else "")


def local_copy(uri: str, manifest_name: str = "manifest.json", cache: Path | None = None) -> Path:
    """A local copy of the dataset at `uri`, refreshed when its manifest changes. When the
    storage cannot be reached, the last copy keeps serving; without one, Unreachable."""
    with _lock:
        known = _copies.get(uri)
        if known is not None and time.monotonic() - known[0] < CHECK_SECONDS:
            return known[1]
        try:
            folder = _copy(uri, manifest_name, cache)
        except Exception as exc:  # pyarrow raises OSError, ArrowException or ValueError by filesystem
            if known is None:
                raise Unreachable(f"The shared dataset at {redacted(uri)} cannot be read ({type(exc).__name__}: "
                                  f"{redacted(str(exc))[:300]}).") from exc
            folder = known[1]
        _copies[uri] = (time.monotonic(), folder)
        return folder


def _copy(uri: str, manifest_name: str, cache: Path | None) -> Path:
    from pyarrow import fs

    filesystem, root = fs.FileSystem.from_uri(uri)
    root = root.rstrip("/")
    with filesystem.open_input_stream(f"{root}/{manifest_name}") as stream:
        manifest = stream.read()
    base = (cache or Path(os.environ.get(CACHE_ENV) or tempfile.gettempdir()) / "tradeviz-shared")
    base = base / hashlib.sha256(uri.encode("utf-8")).hexdigest()[:12]
    target = base / hashlib.sha256(manifest).hexdigest()[:12]
    if target.exists():
        return target
    staging = base / f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for info in filesystem.get_file_info(fs.FileSelector(root, recursive=True)):
        relative = info.path[len(root) + 1:]
        if info.type != fs.FileType.File or relative.split("/", 1)[0] in NOT_COPIED or relative == manifest_name:
            continue
        destination = staging / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        with filesystem.open_input_stream(info.path) as stream:
            destination.write_bytes(stream.read())
    # The manifest read first is the one kept: the copy names the version it was made for (a
    # build landing meanwhile is picked up at the next check).
    (staging / manifest_name).write_bytes(manifest)
    try:
        staging.rename(target)
    except OSError:  # another session copied the same version first
        shutil.rmtree(staging, ignore_errors=True)
    # Earlier copies: a session may still read files of one, so the newest few are kept.
    copies = sorted((p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".") and p != target),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for old in copies[KEPT_COPIES - 1:]:
        shutil.rmtree(old, ignore_errors=True)
    return target
