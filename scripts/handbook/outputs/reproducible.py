"""Byte-identical output from the same commit (https://reproducible-builds.org/specs/source-date-epoch/).

One time for everything that stores one: SOURCE_DATE_EPOCH, else the last commit's time. Zips
(the offline edition, the insides of Word files) are written with their entries in a fixed order,
that time on every entry and fixed permissions, so file system order and mtimes never show.
"""

from __future__ import annotations

import gzip
import io
import subprocess
import time
import zipfile
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

# The earliest time a zip entry can hold (MS-DOS dates start in 1980).
ZIP_EPOCH_MIN = int(datetime(1980, 1, 1, tzinfo=timezone.utc).timestamp())
FILE_MODE = 0o100644  # regular file, rw-r--r--: the same whatever the umask of the build machine
UNIX = 3  # "made by" system in the zip header; Python writes 0 on Windows, 3 elsewhere


def source_date_epoch(root: Path) -> int:
    """SOURCE_DATE_EPOCH if set, else the time of the last commit in `root`, else now
    (a tree outside git has no fixed time)."""
    from ..settings import current

    if current().source_date_epoch is not None:
        return current().source_date_epoch
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, timeout=10)
        if result.returncode == 0 and result.stdout.strip():
            return int(result.stdout.strip())
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    return int(time.time())


def gzip_bytes(data: bytes, epoch: int, *, name: str) -> bytes:
    """`data` gzipped with `epoch` and `name` in the header (not the clock and the temporary path)."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename=name, mode="wb", fileobj=buffer, mtime=epoch, compresslevel=9) as archive:
        archive.write(data)
    return buffer.getvalue()


def zip_bytes(entries: Iterable[tuple[str, bytes]], epoch: int) -> bytes:
    """A zip of (name, data) in the order given, every entry stamped with `epoch` (UTC) and FILE_MODE."""
    stamp = time.gmtime(max(epoch, ZIP_EPOCH_MIN))[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = UNIX
            info.external_attr = FILE_MODE << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def write_zip(folder: Path, target: Path, *, prefix: str = "", epoch: int | None = None) -> Path:
    """Zip every file under `folder` into `target`, sorted by path, inside the folder `prefix` of
    the zip (e.g. "chiiki-zukuri-handbook"; "" for none). `epoch` defaults to source_date_epoch of
    the current folder's repository. Same files, same bytes: mtimes and listing order do not matter."""
    folder = Path(folder)
    if epoch is None:
        epoch = source_date_epoch(Path.cwd())
    files = sorted((path.relative_to(folder).as_posix(), path) for path in folder.rglob("*") if path.is_file())
    base = prefix.strip("/") + "/" if prefix.strip("/") else ""
    data = zip_bytes(((base + name, path.read_bytes()) for name, path in files), epoch)
    Path(target).write_bytes(data)
    return Path(target)


def normalise_zip(data: bytes, epoch: int, *, first: tuple[str, ...] = ()) -> bytes:
    """The same zip rewritten deterministically: entries sorted (names in `first` at the front,
    e.g. an Office file's [Content_Types].xml), stamped with `epoch`, fixed permissions."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        contents = {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    order = sorted(contents, key=lambda name: (name not in first, first.index(name) if name in first else 0, name))
    return zip_bytes(((name, contents[name]) for name in order), epoch)
