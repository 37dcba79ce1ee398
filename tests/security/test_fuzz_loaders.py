"""Property-based fuzzing of every reader: only a diagram or our own error may come out.

For each readable format (taken from the io registry, so new readers are
covered as they land) hypothesis feeds random bytes, mutated valid files and,
for JSON formats, valid documents with one value replaced by arbitrary JSON.
Whatever loads must also save as .cld and read back equal: a file that opens
but cannot be saved would lose a person's work later.

Longer runs: the atheris harnesses in tests/fuzz/.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cld_editor import io
from cld_editor.core.errors import CldError
from cld_editor.io.formats import ReaderBugError
from cld_editor.io.native import read_cld, write_cld
from cld_editor.io.result import ImportResult
from tests.security import hostile

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), database=None)
EXTENSIONS = hostile.readable_extensions()
_FOLDER = Path(tempfile.mkdtemp(prefix="cld-fuzz-"))


def load_bytes(data: bytes, ext: str) -> ImportResult | None:
    """Load ``data`` through the one real loading path (a file and io.load); None for our error."""
    path = _FOLDER / f"fuzz{ext}"
    path.write_bytes(data)
    try:
        result = io.load(path)
    except ReaderBugError as exc:
        raise AssertionError(f"the {ext} reader crashed: {exc}") from exc
    except CldError as exc:
        assert str(exc), "an error without a message"
        assert "\n" not in exc.what, f"a multi-line error: {exc.what!r}"
        return None
    assert isinstance(result, ImportResult)
    assert all(isinstance(w, str) for w in result.warnings)
    # Whatever opens must save and reopen unchanged.
    again = read_cld(write_cld(result.diagram)).diagram
    assert again == result.diagram
    return result


def _sample(ext: str) -> bytes:
    sample = hostile.valid_sample(ext)
    if sample is None:
        pytest.skip(f"no valid {ext} sample to mutate")
    return sample


@pytest.mark.parametrize("ext", EXTENSIONS)
@FUZZ
@given(data=st.binary(max_size=4096))
def test_random_bytes(ext, data):
    load_bytes(data, ext)


_EDITS = st.lists(
    st.tuples(
        st.sampled_from(["flip", "delete", "duplicate", "insert", "truncate"]),
        st.floats(0, 1, allow_nan=False),
        st.integers(1, 64),
        st.sampled_from([b"NaN", b"1e999", b"\x00", b'"', b"<", b"&", b"{", b"[", b",", b"|", b"~", b"-",
                         b"\xff", b"\n", b"9" * 40, b"((((", b"<!DOCTYPE a>", b"&#x0;", b"\\u0000", b"null",
                         b"true", b"\xed\xa0\x80", b"\r\n"]) | st.binary(min_size=1, max_size=8),
    ),
    min_size=1, max_size=8,
)


def apply_edits(sample: bytes, edits) -> bytes:
    data = bytearray(sample)
    for op, where, size, payload in edits:
        i = int(where * len(data)) if data else 0
        if op == "flip" and data:
            i = min(i, len(data) - 1)
            data[i] ^= 1 << (size % 8)
        elif op == "delete":
            del data[i:i + size]
        elif op == "duplicate":
            data[i:i] = data[i:i + size]
        elif op == "insert":
            data[i:i] = payload
        elif op == "truncate":
            del data[i:]
    return bytes(data)


@pytest.mark.parametrize("ext", EXTENSIONS)
@FUZZ
@given(edits=_EDITS)
def test_mutated_valid_files(ext, edits):
    load_bytes(apply_edits(_sample(ext), edits), ext)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20) | st.sampled_from(["v1", "v2", "l1", "+", "-", "?", "stock", "rk4", ""]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, prefix + (index,))


def _replace(doc, path, new):
    if not path:
        return new
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = new
    return doc


JSON_EXTENSIONS = [ext for ext in EXTENSIONS if (s := hostile.valid_sample(ext)) and hostile.kind_of(s) == "json"]


@pytest.mark.parametrize("ext", JSON_EXTENSIONS)
@FUZZ
@given(choice=st.data(), value=_JSON)
def test_json_documents_with_one_wrong_value(ext, choice, value):
    doc = json.loads(_sample(ext))
    paths = list(_paths(doc))
    path = choice.draw(st.sampled_from(paths))
    doc = _replace(doc, path, value)
    load_bytes(json.dumps(doc).encode(), ext)


@pytest.mark.parametrize("ext", JSON_EXTENSIONS)
@FUZZ
@given(choice=st.data(), key=st.text(max_size=12), value=_JSON)
def test_json_documents_with_an_extra_key(ext, choice, key, value):
    doc = json.loads(_sample(ext))
    objects = [p for p in _paths(doc) if isinstance(_get(doc, p), dict)]
    target = _get(doc, choice.draw(st.sampled_from(objects)))
    target[key] = value
    load_bytes(json.dumps(doc).encode(), ext)


def _get(doc, path):
    for step in path:
        doc = doc[step]
    return doc


def test_the_sample_files_load():
    """The fuzz starts from valid files; if one stopped loading the fuzz would prove little."""
    for ext in EXTENSIONS:
        sample = hostile.valid_sample(ext)
        if sample is not None:
            assert load_bytes(sample, ext) is not None, ext
