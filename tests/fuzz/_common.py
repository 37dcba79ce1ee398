"""Shared parts of the atheris harnesses (importable without atheris, so pytest can collect them)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def write_seed_corpus(folder: Path, seeds: dict[str, bytes]) -> None:
    """Write the seed files a run starts from (atheris then keeps its finds in the same folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in seeds.items():
        (folder / name).write_bytes(data)


def corpus_arguments(argv: list[str], default: Path, seeds: dict[str, bytes]) -> list[str]:
    """Add the default corpus folder (seeded on first use) unless one was given."""
    if not any(not a.startswith("-") for a in argv[1:]):
        if not default.exists():
            write_seed_corpus(default, seeds)
        argv = argv[:1] + [str(default)] + argv[1:]
    return argv


def limit_memory(gib: float = 2.0) -> None:
    """Keep a run inside ``gib`` of address space, so a memory bomb is a finding, not a frozen machine."""
    try:
        import resource

        size = int(gib * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    except (ImportError, ValueError, OSError):
        pass


def in_ci() -> bool:
    return bool(os.environ.get("CI"))
