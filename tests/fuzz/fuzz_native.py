"""Atheris harness for the native .cld reader (a run by hand, not a test).

    pip install atheris
    python tests/fuzz/fuzz_native.py -max_total_time=600

Every input must either load (and then save and reopen unchanged) or raise
our own CldError; anything else (an exception, a hang, a 2 GiB memory blow-up)
is a finding that atheris saves as ``crash-*`` in the working folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

from _common import ROOT, corpus_arguments, limit_memory

CORPUS = Path(__file__).resolve().parent / ".corpus" / "native"


def seeds() -> dict[str, bytes]:
    from cld_editor.io.native import write_cld
    from tests.security.hostile import sample_diagram

    found = {"sample.cld": write_cld(sample_diagram())}
    for path in sorted((ROOT / "examples").glob("*.cld"))[:20]:
        found[path.name] = path.read_bytes()
    return found


def main() -> None:
    import atheris

    with atheris.instrument_imports(include=["cld_editor"]):
        from cld_editor.core.errors import CldError
        from cld_editor.io.native import read_cld, write_cld

    def test_one_input(data: bytes) -> None:
        try:
            result = read_cld(data, "fuzz.cld")
        except CldError:
            return
        again = read_cld(write_cld(result.diagram), "again.cld").diagram
        if again != result.diagram:
            raise AssertionError("a loaded diagram changed on save and reopen")

    limit_memory()
    atheris.Setup(corpus_arguments(sys.argv, CORPUS, seeds()), test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
