"""Atheris harness for every readable format through the one loading path (a run by hand).

    pip install atheris
    python tests/fuzz/fuzz_formats.py -max_total_time=1800

The first byte of each input picks the format (by extension, from the io
registry), the rest is the file.  The input is written to a file and opened
with ``cld_editor.io.load``, exactly as the window and the command line do:
only an ImportResult or our CldError may come out.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from _common import ROOT, corpus_arguments, limit_memory

CORPUS = Path(__file__).resolve().parent / ".corpus" / "formats"


def extensions() -> list[str]:
    from tests.security.hostile import readable_extensions

    return readable_extensions()


def seeds() -> dict[str, bytes]:
    from tests.security.hostile import valid_sample

    found = {}
    for index, ext in enumerate(extensions()):
        sample = valid_sample(ext)
        if sample is not None:
            found[f"sample{index}{ext.replace('.', '_')}"] = bytes([index]) + sample
    return found


def main() -> None:
    import atheris

    with atheris.instrument_imports(include=["cld_editor"]):
        import importlib

        from cld_editor import io
        from cld_editor.core.errors import CldError
        from cld_editor.io.formats import FORMATS
        from cld_editor.io.native import read_cld, write_cld
        from tests.security.hostile import landed

        # Readers are imported lazily by io.load; import them here so they are instrumented.
        for fmt in FORMATS:
            if landed(fmt):
                importlib.import_module(fmt.module, "cld_editor.io")
    exts = extensions()

    # A RAM-backed folder when there is one: the harness writes one file per input.
    folder = Path(tempfile.mkdtemp(prefix="cld-fuzz-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None))

    def test_one_input(data: bytes) -> None:
        if not data:
            return
        path = folder / f"input{exts[data[0] % len(exts)]}"
        path.write_bytes(data[1:])
        try:
            result = io.load(path)
        except CldError:
            return
        if read_cld(write_cld(result.diagram)).diagram != result.diagram:
            raise AssertionError(f"a loaded {path.suffix} diagram changed on save and reopen")

    limit_memory()
    atheris.Setup(corpus_arguments(sys.argv, CORPUS, seeds()), test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
