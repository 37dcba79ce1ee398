"""Broken and hostile files of every format get one clean error line and exit code 2.

XML entity bombs and external entities are refused before anything is
expanded; the content of a local file named by an external entity never
appears anywhere.
"""

from __future__ import annotations

import pytest

from cld_editor.core.errors import FileFormatError
from cld_editor.io import load
from tests.conftest import DATA, build

SECRET = "top-secret-7f3a9"

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
"""


def external(path) -> bytes:
    return f'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY secret SYSTEM "file://{path}">]>\n'.encode()


XML_BODIES = {
    ".xmile": b'<xmile xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0"><model><variables>'
              b'<aux name="&NAME;"><eqn>1</eqn></aux></variables></model></xmile>',
    ".graphml": b'<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">'
                b'<node id="&NAME;"/></graph></graphml>',
    ".gexf": b'<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2"><graph defaultedgetype="directed">'
             b'<nodes><node id="a" label="&NAME;"/></nodes><edges/></graph></gexf>',
}


@pytest.mark.parametrize("ext", [".xmile", ".stmx", ".graphml", ".gexf"])
def test_entity_bomb_is_refused(cli, tmp_path, ext):
    body = XML_BODIES[".xmile" if ext == ".stmx" else ext].replace(b"&NAME;", b"&lol4;")
    path = tmp_path / f"bomb{ext}"
    path.write_bytes(BOMB + body)
    done = cli("loops", path, "--count")
    assert done.returncode == 2
    assert done.stderr.startswith("error:") and done.stderr.count("\n") == 1
    assert "lollol" not in done.stdout + done.stderr


@pytest.mark.parametrize("ext", [".xmile", ".graphml", ".gexf"])
def test_external_entity_never_reads_the_local_file(cli, tmp_path, ext):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    path = tmp_path / f"external{ext}"
    path.write_bytes(external(secret) + XML_BODIES[ext].replace(b"&NAME;", b"&secret;"))
    for command in (("loops", path, "--count"), ("check", path), ("convert", path, tmp_path / "out.cld")):
        done = cli(*command)
        assert done.returncode == 2
        assert SECRET not in done.stdout + done.stderr
    assert not (tmp_path / "out.cld").exists()


def test_a_doctype_hidden_in_utf16_is_refused(tmp_path):
    path = tmp_path / "wide.xmile"
    path.write_bytes((BOMB.decode() + XML_BODIES[".xmile"].decode().replace("&NAME;", "&lol;")).encode("utf-16"))
    with pytest.raises(FileFormatError, match="refused"):
        load(path)


def _workbook(entity: bool = False, empty: bool = False) -> bytes:
    import io
    import zipfile

    from cld_editor.io.kumu_xlsx import write

    good = zipfile.ZipFile(io.BytesIO(write(build(["A", "B"], [("A", "B", "+")]))))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name in good.namelist():
            data = good.read(name)
            if entity and name.endswith("sheet2.xml"):
                data = BOMB + data.split(b"?>", 1)[1].replace(b">From<", b">&lol4;<")
            if empty and name == "xl/workbook.xml":
                continue
            out.writestr(name, data)
    return buffer.getvalue()


BROKEN = {
    "truncated.xmile": (DATA / "xmile" / "SIR.xmile").read_bytes()[:700],
    "truncated.stmx": (DATA / "xmile" / "arms_race.stmx").read_bytes()[:300],
    "notxmile.xmile": b"<html><body>hello</body></html>",
    "truncated.graphml": b'<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="dir',
    "truncated.gexf": b'<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2"><graph><nodes><node id="a"',
    "truncated.json": b'{"elements": [{"_id": "a", "attributes": {"label": "Jo',
    "notkumu.json": b'{"format": "something else"}',
    "deep.json": b'{"elements": [' + b"[" * 5000 + b"]" * 5000 + b"]}",
    "binary.mdl": b"\x00\x01\x02\x03" * 50,
    "badutf8.mdl": b"{UTF-8}\nA = 1 ~ ~ |\n\xc3\x28 = 2 ~ ~ |\n",
    "empty.mdl": b"",
    "latin1.xmile": '<?xml version="1.0" encoding="utf-8"?><xmile><model><variables><aux name="Café"/>'
                    "</variables></model></xmile>".encode("latin-1"),
    "empty.csv": b"",
    "nocolumns.csv": b"alpha,beta\n1,2\n",
    "garbage.loopy": b"https://ncase.me/loopy/v1.1/?data=[[[1,2,",
    "wrongshape.loopy": b'{"nodes": []}',
    "badnode.loopy": b'[[[1,"x",3,0.5,"A",0]],[],[],2]',
    "notzip.xlsx": b"this is not a workbook",
    "truncated.xlsx": _workbook()[:300],
    "entity.xlsx": _workbook(entity=True),
    "nosheets.xlsx": _workbook(empty=True),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_files_exit_2_with_one_error_line(cli, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(BROKEN[name])
    done = cli("loops", path, "--count")
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stderr.startswith("error:")
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_files_raise_file_format_errors_that_name_the_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(BROKEN[name])
    with pytest.raises(FileFormatError) as info:
        load(path)
    assert name in str(info.value)
