"""Broken and hostile files for every readable format, built on the fly.

Each builder returns the bytes of one file (or ``None`` when it does not apply
to a format).  Formats are discovered from the io registry, so a format that
lands later is covered without touching this module.
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path
from typing import Callable

from cld_editor.io.formats import FORMATS
from cld_editor.io.limits import MAX_ELEMENTS, MAX_FILE_BYTES, MAX_STRING
from tests.conftest import build

DATA = Path(__file__).resolve().parents[1] / "data"


def sample_diagram():
    d = build(["Jobs", "Worklessness", "Local spending", "Skills"],
              [("Jobs", "Worklessness", "-"), ("Worklessness", "Local spending", "-"),
               ("Local spending", "Jobs", "+"), ("Worklessness", "Skills", "-", True), ("Skills", "Jobs", "+")],
              title="Stoke")
    return d


def landed(fmt) -> bool:
    """True when the format's module exists (a format may be registered before its module lands)."""
    name = importlib.util.resolve_name(fmt.module, "cld_editor.io")
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:
        return False


def readable_extensions() -> list[str]:
    """Every extension some landed format reads (compound ones such as .kumu.csv included)."""
    return sorted({ext for fmt in FORMATS if fmt.can_read and landed(fmt) for ext in fmt.extensions})


def format_of(ext: str):
    from cld_editor.io.formats import format_for

    return format_for("x" + ext)


def valid_sample(ext: str) -> bytes | None:
    """A valid file of this extension: written by our writer, or else the first one in tests/data."""
    fmt = format_of(ext)
    if fmt.can_write and landed(fmt):
        try:
            return fmt.write(sample_diagram())
        except Exception:  # noqa: BLE001 - a writer bug is another test's business
            pass
    for path in sorted(DATA.rglob(f"*{ext}")) if DATA.exists() else []:
        if path.is_file() and path.stat().st_size < 2_000_000:
            return path.read_bytes()
    return None


def kind_of(sample: bytes) -> str:
    import re

    head = sample.lstrip(b"\xef\xbb\xbf \t\r\n")
    if sample[:4] == b"PK\x03\x04":
        return "zip"
    if head[:1] == b"<":
        return "xml"
    # "{UTF-8}" opens a Vensim model: JSON needs a key or a close after the brace.
    if re.match(rb"(\{\s*[\"}]|\[)", head):
        return "json"
    return "text"


# ------------------------------------------------------------ any format
def mutate(sample: bytes, seed: int, rounds: int = 4) -> bytes:
    """A deterministic random mutation: flipped bytes, cut, duplicated or spliced ranges, odd tokens."""
    rng = random.Random(seed)
    data = bytearray(sample)
    tokens = [b"NaN", b"1e999", b"-1e999", b"\x00", b'"', b"'", b"<", b">", b"&", b"{", b"[", b"]", b"}",
              b",", b"|", b"~", b"\\", b"\xff\xfe", b"\n" * 3, b"9" * 400, b"((((((((((", b"<!DOCTYPE a>",
              b"&amp;", b"&#0;", b"\xed\xa0\x80", b"-0", b"true", b"null", b"\r"]
    for _ in range(rounds):
        if not data:
            data.extend(rng.choice(tokens))
            continue
        op = rng.randrange(5)
        i = rng.randrange(len(data))
        j = min(len(data), i + rng.randrange(1, 64))
        if op == 0:
            data[i] = rng.randrange(256)
        elif op == 1:
            del data[i:j]
        elif op == 2:
            data[i:i] = data[i:j] * rng.randrange(1, 4)
        elif op == 3:
            data[i:i] = rng.choice(tokens)
        else:
            k = rng.randrange(len(data))
            data[i:j] = data[k:k + (j - i)]
    return bytes(data)


def generic_cases(sample: bytes) -> dict[str, bytes]:
    rng = random.Random(7)
    half = sample[: len(sample) // 2]
    cases = {
        "empty": b"",
        "whitespace only": b" \n\t\r\n" * 10,
        "random binary": rng.randbytes(8192),
        "a PNG header": b"\x89PNG\r\n\x1a\n" + rng.randbytes(200),
        "a ZIP archive": b"PK\x03\x04" + rng.randbytes(500),
        "truncated in half": half,
        "truncated to one byte": sample[:1],
        "NUL bytes inside": half + b"\x00" * 64 + sample[len(half):],
        "invalid UTF-8": sample.replace(b"Jobs", b"J\xff\xfeobs"),
        "UTF-16 with BOM": _utf16(sample),
        "one giant line": b"a" * (MAX_STRING * 5),
        "giant name": sample.replace(b"Jobs", b"J" * (MAX_STRING + 10)),
        "ten thousand copies": sample * 10_000 if len(sample) * 10_000 < 8_000_000 else sample * 100,
    }
    for seed in range(3):
        cases[f"mutation {seed}"] = mutate(sample, seed)
    return cases


def _utf16(sample: bytes) -> bytes:
    try:
        return sample.decode("utf-8").encode("utf-16")
    except UnicodeDecodeError:
        return b"\xff\xfe" + sample


# ---------------------------------------------------------------- JSON
def json_cases(sample: bytes, secret: Path) -> dict[str, bytes]:
    head = b'{"format": "cld-editor", "version": 1, '
    var = b'{"id": "v1", "name": "Jobs", "x": 0, "y": 0}'
    many = b", ".join(b'{"id": "v%d", "name": "N%d"}' % (i, i) for i in range(MAX_ELEMENTS + 1))
    return {
        "top level list": b"[1, 2, 3]",
        "top level string": b'"hello"',
        "NaN coordinate": head + b'"variables": [{"id": "v1", "name": "A", "x": NaN, "y": 0}], "links": []}',
        "Infinity coordinate": head + b'"variables": [{"id": "v1", "name": "A", "x": Infinity}], "links": []}',
        "1e999 coordinate": head + b'"variables": [{"id": "v1", "name": "A", "x": 1e999}], "links": []}',
        "-1e999 strength": head + b'"variables": [' + var + b'], "links": [{"id": "l", "from": "v1", '
                           b'"to": "v1", "strength": -1e999}]}',
        "400 digit integer": head + b'"variables": [{"id": "v1", "name": "A", "x": 1' + b"0" * 400 + b"}]}",
        "5000 digit integer": head + b'"variables": [{"id": "v1", "name": "A", "x": 1' + b"0" * 5000 + b"}]}",
        "deep list nesting": b"[" * 100_000 + b"]" * 100_000,
        "deep object nesting": b'{"a": ' * 50_000 + b"1" + b"}" * 50_000,
        "unclosed deep nesting": b"[" * 1_000_000,
        "variables is text": head + b'"variables": "many", "links": []}',
        "name is a number": head + b'"variables": [{"id": "v1", "name": 5}], "links": []}',
        "id is null": head + b'"variables": [{"id": null, "name": "A"}], "links": []}',
        "x is text": head + b'"variables": [{"id": "v1", "name": "A", "x": "12"}], "links": []}',
        "x is true": head + b'"variables": [{"id": "v1", "name": "A", "x": true}], "links": []}',
        "polarity is a word": head + b'"variables": [' + var + b'], "links": [{"id": "l", "from": "v1", '
                              b'"to": "v1", "polarity": "plus"}]}',
        "delay is yes": head + b'"variables": [' + var + b'], "links": [{"id": "l", "from": "v1", '
                        b'"to": "v1", "delay": "yes"}]}',
        "link to nowhere": head + b'"variables": [' + var + b'], "links": [{"id": "l", "from": "v1", "to": "zz"}]}',
        "duplicate ids": head + b'"variables": [' + var + b", " + var + b'], "links": []}',
        "duplicate names": head + b'"variables": [' + var + b', {"id": "v2", "name": " JOBS "}], "links": []}',
        "duplicate keys": head + b'"variables": [], "variables": 5, "links": []}',
        "too many variables": head + b'"variables": [' + many + b'], "links": []}',
        "giant string": head + b'"title": "' + b"x" * (MAX_STRING * 3) + b'", "variables": [], "links": []}',
        "giant key": head + b'"' + b"k" * (MAX_STRING * 3) + b'": 1, "variables": [], "links": []}',
        "lone surrogate": head + b'"title": "\\ud800", "variables": [], "links": []}',
        "terminal escapes": head + b'"title": "\\u001b]0;owned\\u0007\\u001b[2J", "variables": [], "links": []}',
        "newer version": b'{"format": "cld-editor", "version": 999, "variables": [], "links": []}',
        "version as text": b'{"format": "cld-editor", "version": "1", "variables": [], "links": []}',
        "no format key": b'{"version": 1, "variables": [], "links": []}',
        "equation bomb": head + b'"variables": [{"id": "v1", "name": "A", "kind": "constant", '
                         b'"equation": "9^9^9^9^9^9"}, {"id": "v2", "name": "B", "equation": "'
                         + b"(" * 100_000 + b"1" + b")" * 100_000 + b'"}], "links": []}',
        "equation code": head + b'"variables": [{"id": "v1", "name": "A", "equation": '
                         b'"__import__(\'os\').system(\'touch pwned\')"}], "links": []}',
        "path to the secret": head + b'"title": "' + str(secret).encode() + b'", "extra": {"$ref": "file://'
                              + str(secret).encode() + b'"}, "variables": [], "links": []}',
    }


# ----------------------------------------------------------------- XML
def xml_cases(sample: bytes, secret: Path) -> dict[str, bytes]:
    uri = secret.as_uri().encode()
    lol = b'<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
    )
    return {
        "billion laughs": b'<?xml version="1.0"?><!DOCTYPE lolz [' + lol + b"]><lolz>&lol9;</lolz>",
        "quadratic blowup": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "' + b"a" * 50_000 + b'">]><r>'
                            + b"&a;" * 50_000 + b"</r>",
        "external entity to the secret": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY s SYSTEM "' + uri
                                         + b'">]><r>&s;</r>',
        "external entity inside the sample": _inject_entity(sample, uri),
        "parameter entity to the secret": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "' + uri
                                          + b'"> %p;]><r/>',
        "external DTD on the network": b'<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd">'
                                      b"<r/>",
        "XInclude of the secret": b'<r xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="' + uri
                                  + b'" parse="text"/></r>',
        "undefined entity": b"<r>&nope;</r>",
        "deep element nesting": b"<a>" * 100_000 + b"</a>" * 100_000,
        "two million elements": b"<r>" + b"<a/>" * 2_000_000 + b"</r>",
        "giant attribute": b'<r a="' + b"x" * (MAX_STRING * 3) + b'"/>',
        "giant text": b"<r>" + b"x" * (MAX_STRING * 3) + b"</r>",
        "unknown encoding": b'<?xml version="1.0" encoding="x-klingon"?><r/>',
        "mismatched tags": b"<r><a></b></r>",
        "processing instruction": b'<?xml version="1.0"?><?xml-stylesheet href="' + uri + b'"?>' + sample.split(
            b"?>", 1)[-1] if sample.startswith(b"<?xml") else b"<?evil " + uri + b"?>" + sample,
    }


def _inject_entity(sample: bytes, uri: bytes) -> bytes:
    body = sample.split(b"?>", 1)[1] if sample.startswith(b"<?xml") else sample
    root = body.lstrip().split(b">", 1)[0].lstrip(b"<").split()[0] if body.strip() else b"r"
    dtd = b'<!DOCTYPE ' + root + b' [<!ENTITY s SYSTEM "' + uri + b'">]>'
    return b'<?xml version="1.0"?>' + dtd + body.replace(b"Jobs", b"&s;", 1)


# ----------------------------------------------------------------- ZIP
def zip_cases(sample: bytes, secret: Path) -> dict[str, bytes]:
    """Hostile archives (an .xlsx is a ZIP of XML parts): bombs, lies, hostile XML inside."""
    import io
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(sample)).namelist()

    def rebuilt(replace: dict[str, bytes], extra: dict[str, bytes] | None = None,
                method: int = zipfile.ZIP_DEFLATED) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(sample)) as old, zipfile.ZipFile(out, "w", method) as new:
            for name in old.namelist():
                new.writestr(name, replace.get(name, old.read(name)))
            for name, data in (extra or {}).items():
                new.writestr(name, data)
        return out.getvalue()

    xml_parts = [n for n in names if n.endswith(".xml") and "sheet" in n] or [n for n in names if n.endswith(".xml")]
    target = xml_parts[0]
    uri = secret.as_uri().encode()
    cases = {
        "a part that unpacks to 200 MB": rebuilt({target: b"<a>" + b" " * 200_000_000 + b"</a>"}),
        "entity bomb inside a part": rebuilt({target: b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
                                              b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><r>&b;</r>'}),
        "external entity inside a part": rebuilt({target: b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY s SYSTEM "'
                                                  + uri + b'">]><r>&s;</r>'}),
        "deep nesting inside a part": rebuilt({target: b"<a>" * 100_000 + b"</a>" * 100_000}),
        "ten thousand parts": rebuilt({}, {f"junk/{i}.xml": b"<a/>" for i in range(10_000)}),
        "a part named outside the archive": rebuilt({}, {"../../escape.xml": b"<a/>"}),
        "stored instead of deflated": rebuilt({}, method=zipfile.ZIP_STORED),
        "an empty archive": _empty_zip(),
        "the archive cut in half": sample[: len(sample) // 2],
    }
    lying = bytearray(rebuilt({}))
    # Make every central-directory entry claim a tiny uncompressed size.
    start = lying.rfind(b"PK\x01\x02")
    while start != -1:
        lying[start + 24:start + 28] = (1).to_bytes(4, "little")
        start = lying.rfind(b"PK\x01\x02", 0, start)
    cases["sizes that lie"] = bytes(lying)
    return cases


def _empty_zip() -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    zipfile.ZipFile(out, "w").close()
    return out.getvalue()


# ---------------------------------------------------------------- text
def text_cases(sample: bytes) -> dict[str, bytes]:
    return {
        "two million short lines": b"a\n" * 2_000_000,
        "deep parentheses": sample + b"\nX = " + b"(" * 100_000 + b"1" + b")" * 100_000 + b"\n",
        "long run of separators": b"," * 1_000_000 + b"\n",
        "unbalanced quotes": b'"' + b"a," * 100_000 + b"\n",
    }


def cases_for(ext: str, secret: Path) -> dict[str, bytes]:
    """Every hostile file for one extension, by case name."""
    sample = valid_sample(ext)
    if sample is None:
        return {}
    cases = generic_cases(sample)
    kind = kind_of(sample)
    if kind == "json":
        cases.update(json_cases(sample, secret))
    elif kind == "xml":
        cases.update(xml_cases(sample, secret))
    elif kind == "zip":
        cases.update(zip_cases(sample, secret))
    else:
        cases.update(text_cases(sample))
    return cases


SPECIAL_FILES: dict[str, Callable[[Path], None]] = {}


def special(name: str):
    def register(make: Callable[[Path], None]) -> Callable[[Path], None]:
        SPECIAL_FILES[name] = make
        return make
    return register


@special("a folder")
def _folder(path: Path) -> None:
    path.mkdir()


@special("a named pipe")
def _fifo(path: Path) -> None:
    import os

    os.mkfifo(path)


@special("a link to /dev/zero")
def _dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


@special("larger than the size limit")
def _oversize(path: Path) -> None:
    with open(path, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no real disk used


@special("a dangling link")
def _dangling(path: Path) -> None:
    path.symlink_to(path.with_name("nowhere"))
