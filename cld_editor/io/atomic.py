"""Atomic file writing: a failed save never damages the file already on disk.

The new content goes to a temporary file in the same folder, is flushed and
fsynced, and only then replaces the old file in one ``os.replace``.  Any
failure removes the temporary file and raises :class:`SaveError`.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

from ..core.errors import SaveError

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOENT: "the folder does not exist",
    errno.EROFS: "the disk is read-only",
    errno.EBUSY: "the file is locked by another program",
}


def describe_os_error(exc: OSError) -> str:
    """Return a plain-words reason for an operating-system error."""
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def write_atomic(path: str | os.PathLike[str], data: bytes, backup: bool = False) -> None:
    """Write ``data`` to ``path`` atomically.

    Parameters
    ----------
    path : path-like
        The file to write; its folder must exist.
    data : bytes
        The complete new content.
    backup : bool
        Keep the previous version as ``<path>.bak`` first.

    Raises
    ------
    SaveError
        When anything fails; the old file is then as it was and no temporary
        file is left behind.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "a.cld", b"{}")
    >>> (folder / "a.cld").read_bytes()
    b'{}'
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    tmp_name: str | None = None
    try:
        mode = target.stat().st_mode & 0o777 if target.exists() else None
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp_name, mode)
        if backup and target.exists():
            shutil.copy2(target, target.with_name(target.name + ".bak"))
        os.replace(tmp_name, target)
        tmp_name = None
        _fsync_folder(folder)
    except OSError as exc:
        raise SaveError(
            f"could not save: {describe_os_error(exc)}",
            str(target),
            "the file on disk was not changed; save somewhere else or free some space",
        ) from exc
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def _fsync_folder(folder: Path) -> None:
    # The rename is durable only once the folder entry is on disk too.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
