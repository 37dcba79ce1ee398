"""Broken and hostile files through the real command line: a clear refusal or a valid diagram, nothing else.

Every file runs in a child ``python -m cld_editor check FILE`` with 2 GiB of
address space, 60 s of CPU and *no right to write any file* (RLIMIT_FSIZE 0),
from an empty working folder.  Each must end with exit 2 and exactly one
``error:`` line (no traceback) or exit 0 with a valid-diagram summary; the
content of a secret file that hostile XML points at must never show; no file
may appear anywhere and the hostile file must be unchanged.

Formats come from the io registry, so each new reader is covered as it lands.
Run with ``-s`` to see the time and peak memory of the slowest cases.
"""

from __future__ import annotations

import hashlib
import os
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from cld_editor import cli
from tests.security import hostile

ROOT = Path(__file__).resolve().parents[2]
SECRET_TOKEN = "TOP-SECRET-4f9d2c"
MEMORY_LIMIT = 2 * 2**30
CPU_SECONDS = 60
MEASURED: list[tuple[float, int, str]] = []


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_kib: int


def _limit_child() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    # `check` must never write a file: any attempt kills the child with SIGXFSZ.
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def run_check(path: Path, cwd: Path) -> Outcome:
    """Run ``python -m cld_editor check path`` with resource limits; measure its time and peak memory."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1", "QT_QPA_PLATFORM": "offscreen"}
    start = time.monotonic()
    child = subprocess.Popen([sys.executable, "-m", "cld_editor", "check", str(path)], cwd=cwd, env=env,
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             preexec_fn=_limit_child)
    chunks: dict[str, bytes] = {}

    def drain(name: str, stream) -> None:
        chunks[name] = stream.read()

    readers = [threading.Thread(target=drain, args=(n, s)) for n, s in (("out", child.stdout), ("err", child.stderr))]
    for reader in readers:
        reader.start()
    watchdog = threading.Timer(3 * CPU_SECONDS, child.kill)  # a blocked child (a pipe?) is killed, not waited on
    watchdog.start()
    try:
        _, status, usage = os.wait4(child.pid, 0)
    finally:
        watchdog.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    child.stdout.close()
    child.stderr.close()
    seconds = time.monotonic() - start
    return Outcome(child.returncode, chunks["out"].decode("utf-8", "replace"),
                   chunks["err"].decode("utf-8", "replace"), seconds, usage.ru_maxrss)


@pytest.fixture(scope="module")
def secret(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("private") / "secret.txt"
    path.write_text(f"{SECRET_TOKEN}\n")
    return path


def _all_cases() -> list[tuple[str, str]]:
    placeholder = Path("/nonexistent/secret.txt")
    return [(ext, name) for ext in hostile.readable_extensions() for name in hostile.cases_for(ext, placeholder)]


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*")) if not p.is_symlink() and (p.is_file() or p.is_dir())}


def assert_clean_outcome(outcome: Outcome, label: str) -> None:
    assert SECRET_TOKEN not in outcome.stdout + outcome.stderr, f"{label}: leaked the secret file"
    assert "Traceback" not in outcome.stderr, f"{label}: traceback\n{outcome.stderr[-2000:]}"
    assert outcome.returncode in (0, 2), f"{label}: exit {outcome.returncode}\n{outcome.stderr[-2000:]}"
    assert "bug in cld-editor" not in outcome.stderr, f"{label}: a reader crashed: {outcome.stderr[:600]}"
    if outcome.returncode == 2:
        lines = outcome.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), f"{label}: stderr {outcome.stderr[:500]!r}"
        assert len(lines[0]) < 2000, f"{label}: an error line of {len(lines[0])} characters"
    else:
        assert "a valid diagram" in outcome.stdout, f"{label}: {outcome.stdout[:500]!r}"
        # A valid diagram never echoes raw control characters back to the terminal.
        assert "\x1b" not in outcome.stdout


@pytest.mark.parametrize(("ext", "case"), _all_cases())
def test_hostile_file_is_refused_cleanly_or_read(tmp_path, secret, ext, case):
    content = hostile.cases_for(ext, secret)[case]
    folder = tmp_path / "files"
    folder.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    path = folder / f"hostile{ext}"
    path.write_bytes(content)
    before = _snapshot(tmp_path)
    outcome = run_check(path, work)
    MEASURED.append((outcome.seconds, outcome.peak_kib, f"{ext} {case}"))
    assert_clean_outcome(outcome, f"{ext} {case}")
    assert _snapshot(tmp_path) == before, f"{ext} {case}: files changed or appeared"


@pytest.mark.parametrize("ext", hostile.readable_extensions())
@pytest.mark.parametrize("special", sorted(hostile.SPECIAL_FILES))
def test_special_files_are_refused(tmp_path, ext, special):
    path = tmp_path / f"odd{ext}"
    hostile.SPECIAL_FILES[special](path)
    outcome = run_check(path, tmp_path)
    MEASURED.append((outcome.seconds, outcome.peak_kib, f"{ext} {special}"))
    assert_clean_outcome(outcome, f"{ext} {special}")
    assert outcome.returncode == 2


@pytest.mark.parametrize("ext", hostile.readable_extensions())
def test_many_mutations_in_process(tmp_path, capsys, ext):
    """Hundreds of mutated files through the loader and the check command, in this process (fast)."""
    sample = hostile.valid_sample(ext)
    if sample is None:
        pytest.skip(f"no sample {ext} file")
    path = tmp_path / f"mutated{ext}"
    for seed in range(150):
        path.write_bytes(hostile.mutate(sample, 1000 + seed, rounds=1 + seed % 6))
        code = cli.main(["check", str(path)])  # loads the file, then checks what was read
        out, err = capsys.readouterr()
        assert code in (0, 2), f"seed {seed}: exit {code}\n{err}"
        assert "bug in cld-editor" not in err, f"seed {seed}: a reader crashed: {err}"
        if code == 2:
            assert err.count("\n") == 1 and err.startswith("error: "), f"seed {seed}: {err!r}"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_zz_report_measurements():
    """Print the slowest and hungriest cases (visible with -s); always passes."""
    if not MEASURED:
        pytest.skip("no hostile files ran")
    slowest = sorted(MEASURED, reverse=True)[:5]
    hungriest = sorted(MEASURED, key=lambda m: m[1], reverse=True)[:5]
    print(f"\n{len(MEASURED)} hostile files checked through the command line")
    for seconds, kib, label in slowest:
        print(f"  slowest: {seconds:6.2f} s {kib / 1024:7.0f} MiB  {label}")
    for seconds, kib, label in hungriest:
        print(f"  largest: {seconds:6.2f} s {kib / 1024:7.0f} MiB  {label}")
