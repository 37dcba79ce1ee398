"""A failed save keeps the old file byte for byte, says why and leaves no temporary file.

Failures are produced three ways: by patching the write path (always runs),
by a real full disk (a 64 KiB tmpfs in a private mount namespace, skipped
where mounting is impossible) and by a real permission refusal (a child
process that drops to an unprivileged user when the tests run as root).
"""

from __future__ import annotations

import errno
import io as pyio
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from cld_editor import io
from cld_editor.core.errors import SaveError
from cld_editor.io import atomic
from cld_editor.io.atomic import write_atomic
from cld_editor.io.formats import writable_extensions
from tests.conftest import build

ROOT = Path(__file__).resolve().parents[2]
OLD = b'{"format": "cld-editor", "version": 1, "variables": [], "links": []}\n'


def sample():
    return build(["Jobs", "Worklessness", "Skills"],
                 [("Jobs", "Worklessness", "-"), ("Worklessness", "Skills", "-"), ("Skills", "Jobs", "+")],
                 title="Stoke")


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


# --------------------------------------------------------- patched failures
class _FailingHandle(pyio.BufferedIOBase):
    """Writes half of what it is given, then fails like a full disk."""

    def __init__(self, real, error: int) -> None:
        self.real, self.error = real, error

    def write(self, data) -> int:
        self.real.write(bytes(data[: len(data) // 2]))
        self.real.flush()
        raise OSError(self.error, os.strerror(self.error))

    def flush(self) -> None:
        self.real.flush()

    def fileno(self) -> int:
        return self.real.fileno()

    def close(self) -> None:
        self.real.close()


def _fail_handle_write(monkeypatch, error=errno.ENOSPC):
    real_fdopen = os.fdopen
    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, *a, **k: _FailingHandle(real_fdopen(fd, *a, **k), error))


def _fail_call(name: str, error: int):
    def patch(monkeypatch):
        def boom(*args, **kwargs):
            raise OSError(error, os.strerror(error))
        monkeypatch.setattr(atomic.os, name, boom)
    return patch


FAILURES = {
    "disk full while writing": (_fail_handle_write, "the disk is full"),
    "disk full at fsync": (_fail_call("fsync", errno.ENOSPC), "the disk is full"),
    "quota used up": (_fail_call("fsync", errno.EDQUOT), "quota"),
    "input/output error": (_fail_call("fsync", errno.EIO), "input/output error"),
    "file locked at replace": (_fail_call("replace", errno.EBUSY), "locked by another program"),
    "permission denied at replace": (_fail_call("replace", errno.EACCES), "permission denied"),
    "read-only disk": (_fail_call("replace", errno.EROFS), "read-only"),
}


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_a_failed_write_keeps_the_old_file_and_leaves_nothing(tmp_path, monkeypatch, failure):
    target = tmp_path / "diagram.cld"
    target.write_bytes(OLD)
    patch, reason = FAILURES[failure]
    patch(monkeypatch)
    with pytest.raises(SaveError) as caught:
        write_atomic(target, b"new content " * 1000)
    message = str(caught.value)
    assert reason in message
    assert str(target) in message
    assert "not changed" in message
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path, {"diagram.cld"}) == []


def test_os_write_failing_with_enospc_is_reported(tmp_path, monkeypatch):
    """The lowest level: every os.write and FileIO write raises ENOSPC."""
    target = tmp_path / "diagram.cld"
    target.write_bytes(OLD)

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    real_fdopen = os.fdopen

    def fdopen_unbuffered(fd, mode="r", *args, **kwargs):
        handle = real_fdopen(fd, mode, buffering=0)
        return _RawNoSpace(handle)

    monkeypatch.setattr(atomic.os, "write", no_space)
    monkeypatch.setattr(atomic.os, "fdopen", fdopen_unbuffered)
    with pytest.raises(SaveError, match="the disk is full"):
        write_atomic(target, b"x" * 100_000)
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path, {"diagram.cld"}) == []


class _RawNoSpace:
    """An unbuffered file whose writes go through os.write (patched to fail)."""

    def __init__(self, raw) -> None:
        self.raw = raw

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.raw.close()

    def write(self, data) -> int:
        return os.write(self.raw.fileno(), data)

    def flush(self) -> None:
        pass

    def fileno(self) -> int:
        return self.raw.fileno()


def test_interrupted_save_leaves_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "diagram.cld"
    target.write_bytes(OLD)

    def interrupt(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path, {"diagram.cld"}) == []


@pytest.mark.parametrize("ext", writable_extensions())
def test_every_writable_format_saves_atomically(tmp_path, monkeypatch, ext):
    target = tmp_path / f"diagram{ext}"
    io.save(sample(), target)
    before = target.read_bytes()
    assert before
    d = sample()
    d.new_variable("Local spending", 50, 50)
    monkeypatch.setattr(atomic.os, "fsync", _raise(errno.ENOSPC))
    with pytest.raises(SaveError, match="the disk is full"):
        io.save(d, target)
    assert target.read_bytes() == before
    assert leftovers(tmp_path, {target.name}) == []


def _raise(error: int):
    def boom(*args, **kwargs):
        raise OSError(error, os.strerror(error))
    return boom


# ---------------------------------------------------------- real conditions
def test_missing_folder_is_reported_and_creates_nothing(tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    shutil.rmtree(gone)  # the folder vanished (a USB stick pulled) after the file was opened
    with pytest.raises(SaveError) as caught:
        io.save(sample(), gone / "diagram.cld")
    assert "the folder does not exist" in str(caught.value)
    assert "choose an existing folder" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_saving_over_a_folder_is_refused(tmp_path):
    (tmp_path / "diagram.cld").mkdir()
    with pytest.raises(SaveError, match="folder of that name"):
        io.save(sample(), tmp_path / "diagram.cld")
    assert leftovers(tmp_path, {"diagram.cld"}) == []


def test_new_file_gets_the_usual_permissions_and_old_file_keeps_its_own(tmp_path):
    old_umask = os.umask(0o022)
    try:
        io.save(sample(), tmp_path / "new.cld")
        assert stat.S_IMODE((tmp_path / "new.cld").stat().st_mode) == 0o644
        shared = tmp_path / "shared.cld"
        shared.write_bytes(OLD)
        shared.chmod(0o664)
        io.save(sample(), shared)
        assert stat.S_IMODE(shared.stat().st_mode) == 0o664
    finally:
        os.umask(old_umask)


def test_saving_through_a_symbolic_link_keeps_the_link(tmp_path):
    real = tmp_path / "real.cld"
    real.write_bytes(OLD)
    link = tmp_path / "link.cld"
    link.symlink_to(real)
    io.save(sample(), link)
    assert link.is_symlink()
    assert io.load(real).diagram == sample()


def test_backup_keeps_the_previous_version(tmp_path):
    target = tmp_path / "diagram.cld"
    target.write_bytes(OLD)
    io.save(sample(), target, backup=True)
    assert (tmp_path / "diagram.cld.bak").read_bytes() == OLD
    assert io.load(target).diagram == sample()


def test_failed_backup_keeps_old_file_and_old_backup(tmp_path, monkeypatch):
    target = tmp_path / "diagram.cld"
    target.write_bytes(OLD)
    (tmp_path / "diagram.cld.bak").write_bytes(b"older")
    monkeypatch.setattr(atomic.os, "fsync", _raise(errno.ENOSPC))
    with pytest.raises(SaveError):
        io.save(sample(), target, backup=True)
    assert target.read_bytes() == OLD
    assert (tmp_path / "diagram.cld.bak").read_bytes() == b"older"
    assert leftovers(tmp_path, {"diagram.cld", "diagram.cld.bak"}) == []


# ------------------------------------------------------ a real full disk
_TMPFS_CHILD = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from cld_editor import io
    from cld_editor.core import Diagram
    from cld_editor.core.errors import SaveError

    folder = Path(sys.argv[1])
    small = Diagram(title="small")
    small.new_variable("Jobs", 0, 0)
    io.save(small, folder / "diagram.cld")
    before = (folder / "diagram.cld").read_bytes()
    big = Diagram(title="big")
    for i in range(2000):
        big.new_variable(f"Variable number {i} with a long name", i, i)
    try:
        io.save(big, folder / "diagram.cld")
    except SaveError as exc:
        print("ERROR", exc)
    else:
        print("SAVED")
    after = (folder / "diagram.cld").read_bytes()
    print("SAME" if after == before else "CHANGED")
    print("FILES", sorted(os.listdir(folder)))
    """
)


def test_real_full_disk_on_a_small_tmpfs(tmp_path):
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        pytest.skip("unshare/mount not available")
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    script = tmp_path / "child.py"
    script.write_text(_TMPFS_CHILD)
    # A private mount namespace: the tmpfs vanishes with the child, even if it crashes.
    shell = (f"mount -t tmpfs -o size=64k tmpfs {mount_point} || exit 77; "
             f"exec {sys.executable} {script} {mount_point}")
    probe = subprocess.run(["unshare", "-m", "sh", "-c", shell], capture_output=True, text=True, timeout=60,
                           cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    if probe.returncode == 77 or "unshare failed" in probe.stderr or "Operation not permitted" in probe.stderr:
        pytest.skip(f"cannot mount a tmpfs here: {probe.stderr.strip()[:200]}")
    assert probe.returncode == 0, probe.stderr
    lines = probe.stdout.splitlines()
    assert lines[0].startswith("ERROR") and "the disk is full" in lines[0], probe.stdout
    assert lines[1] == "SAME"
    assert lines[2] == "FILES ['diagram.cld']"


# ------------------------------------------------ a real permission refusal
def _save_as_unprivileged_user(paths: list[Path]) -> list[str]:
    """Try each save in a forked child that runs as "nobody" when we are root; return its outcomes."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            os.close(read_end)
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            outcomes = []
            for path in paths:
                try:
                    io.save(sample(), path)
                    outcomes.append("SAVED")
                except SaveError as exc:
                    outcomes.append(f"ERROR {exc}")
            os.write(write_end, "\n".join(outcomes).encode())
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            os.write(write_end, f"CRASH {exc!r}".encode())
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        output = pipe.read().decode()
    os.waitpid(pid, 0)
    return output.splitlines()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_permission_denied_is_reported_and_changes_nothing():
    base = Path(tempfile.mkdtemp(prefix="cld-perm-"))
    try:
        base.chmod(0o755)
        locked_folder = base / "locked"
        locked_folder.mkdir()
        (locked_folder / "diagram.cld").write_bytes(OLD)
        locked_folder.chmod(0o555)
        open_folder = base / "open"
        open_folder.mkdir()
        open_folder.chmod(0o777)
        read_only = open_folder / "readonly.cld"
        read_only.write_bytes(OLD)
        read_only.chmod(0o444)
        outcomes = _save_as_unprivileged_user([locked_folder / "diagram.cld", read_only])
        assert len(outcomes) == 2, outcomes
        assert outcomes[0].startswith("ERROR") and "permission denied" in outcomes[0]
        assert outcomes[1].startswith("ERROR") and "permission denied" in outcomes[1]
        assert (locked_folder / "diagram.cld").read_bytes() == OLD
        assert read_only.read_bytes() == OLD
        assert sorted(p.name for p in locked_folder.iterdir()) == ["diagram.cld"]
        assert sorted(p.name for p in open_folder.iterdir()) == ["readonly.cld"]
    finally:
        for folder in base.rglob("*"):
            if folder.is_dir():
                folder.chmod(0o755)
        shutil.rmtree(base)
