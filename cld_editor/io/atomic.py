"""Atomic file writing: a failed save never damages the file already on disk.

The new content goes to a hidden temporary file in the same folder, is flushed
and fsynced, and only then replaces the old file in one ``os.replace``; the
folder is fsynced after so the rename itself survives a power cut.  Any
failure removes the temporary file and raises
:class:`~cld_editor.core.errors.SaveError` saying why in plain words ("the
disk is full"), and the old file stays byte for byte as it was.

Details a person notices:

* a new file gets the usual permissions (the umask's), an existing file keeps
  its own;
* saving through a symbolic link replaces the file it points at and keeps the
  link;
* a file marked read-only is not silently replaced (``os.replace`` would
  happily do so, since only the folder's permissions count);
* the optional backup ``<name>.bak`` is itself written atomically, so a
  failure while making it leaves the previous backup intact.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from ..core.errors import SaveError

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file is too large for this disk",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "the folder does not exist",
    errno.EROFS: "the disk is read-only",
    errno.EBUSY: "the file is locked by another program",
    errno.ETXTBSY: "the file is locked by another program",
    errno.EAGAIN: "the file is locked by another program",
    errno.EISDIR: "there is a folder of that name",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.EIO: "the disk reported an input/output error",
}

_HINTS = {
    errno.ENOSPC: "free some space or save somewhere else",
    errno.EDQUOT: "free some space or save somewhere else",
    errno.EACCES: "save somewhere else or ask for write access",
    errno.EPERM: "save somewhere else or ask for write access",
    errno.ENOENT: "choose an existing folder",
    errno.ENOTDIR: "choose an existing folder",
    errno.EROFS: "save somewhere else",
    errno.EBUSY: "close the other program or save under another name",
    errno.ETXTBSY: "close the other program or save under another name",
    errno.EAGAIN: "close the other program or save under another name",
}


def describe_os_error(exc: OSError) -> str:
    """Return a plain-words reason for an operating-system error.

    Examples
    --------
    >>> describe_os_error(OSError(errno.ENOSPC, "No space left on device"))
    'the disk is full'
    """
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def _save_error(exc: OSError, target: Path) -> SaveError:
    hint = _HINTS.get(exc.errno or 0, "save somewhere else")
    return SaveError(
        f"could not save: {describe_os_error(exc)}",
        str(target),
        f"the file on disk was not changed; {hint}",
    )


def _new_file_mode() -> int:
    # mkstemp creates 0600; a new document should get what any editor gives (0666 & ~umask).
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


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
        When anything fails; the old file (and the old backup) are then as
        they were and no temporary file is left behind.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "a.cld", b"{}")
    >>> write_atomic(folder / "a.cld", b"[]", backup=True)
    >>> (folder / "a.cld").read_bytes(), (folder / "a.cld.bak").read_bytes()
    (b'[]', b'{}')
    """
    target = Path(path)
    try:
        # Through a symbolic link: write the file it points at, keep the link.
        if target.is_symlink():
            target = Path(os.path.realpath(target))
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(target))
        exists = target.exists()
        if exists and not os.access(target, os.W_OK):
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        mode = (target.stat().st_mode & 0o7777) if exists else _new_file_mode()
        if backup and exists:
            _replace_with(target.with_name(target.name + ".bak"), target.read_bytes(), mode)
        _replace_with(target, data, mode)
    except OSError as exc:
        raise _save_error(exc, target) from exc


def _replace_with(target: Path, data: bytes, mode: int) -> None:
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    pending: str | None = tmp_name
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
        pending = None
        _fsync_folder(folder)
    finally:
        if pending is not None:
            try:
                os.unlink(pending)
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
