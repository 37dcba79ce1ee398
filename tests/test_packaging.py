"""Packaging: the desktop entry, the .cld MIME type, the app build recipe, the
Windows and macOS registrations, the icons, the version and the data folders.

Nothing heavy is built here (the PyInstaller build is ``make dist``); the
wheel test builds a wheel of a copy of the project in a temporary folder.
"""

from __future__ import annotations

import ast
import os
import plistlib
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

import cld_editor
from cld_editor import paths

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / "cld-editor.desktop"
MIME_XML = LINUX / "cld-editor-mime.xml"
SPEC = ROOT / "packaging" / "cld-editor.spec"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def desktop_entry() -> dict[str, str]:
    entry: dict[str, str] = {}
    group = None
    for line in DESKTOP.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            group = line.strip("[]")
        elif "=" in line and group == "Desktop Entry" and not line.startswith("#"):
            key, value = line.split("=", 1)
            entry[key] = value
    return entry


# ------------------------------------------------------------------ Linux
@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate missing (make system-deps installs desktop-file-utils)")
def test_desktop_entry_is_valid():
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, timeout=60)
    # Hints are advice; errors and warnings fail.
    problems = [line for line in (result.stdout + result.stderr).splitlines() if "hint:" not in line]
    assert result.returncode == 0 and not problems, result.stdout + result.stderr


def test_desktop_entry_opens_cld_files_with_the_editor():
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == "cld-editor"
    assert "%f" in entry["Exec"].split()  # one file per process: the editor opens it in a window
    assert "application/x-cld-diagram" in entry["MimeType"].split(";")
    assert entry["Icon"] == "cld-editor"
    assert entry["Terminal"] == "false"


def test_mime_type_registers_cld_as_json():
    root = ET.parse(MIME_XML).getroot()  # our own file, not user input
    assert root.tag == f"{MIME_NS}mime-info"
    types = root.findall(f"{MIME_NS}mime-type")
    assert [t.get("type") for t in types] == ["application/x-cld-diagram"]
    mime = types[0]
    assert mime.find(f"{MIME_NS}comment").text.strip()
    assert [s.get("type") for s in mime.findall(f"{MIME_NS}sub-class-of")] == ["application/json"]
    assert [g.get("pattern") for g in mime.findall(f"{MIME_NS}glob")] == ["*.cld"]
    assert mime.find(f"{MIME_NS}icon").get("name") == "cld-file"
    match = mime.find(f"{MIME_NS}magic/{MIME_NS}match")
    assert match.get("type") == "string"


def test_mime_magic_matches_what_the_program_writes():
    from cld_editor.core.diagram import Diagram
    from cld_editor.io.native import write_cld

    match = ET.parse(MIME_XML).getroot().find(f".//{MIME_NS}match")
    start, end = (int(x) for x in match.get("offset").split(":"))
    head = write_cld(Diagram()).decode("utf-8")
    assert head.find(match.get("value"), start) != -1
    assert head.find(match.get("value"), start) <= end


@pytest.mark.skipif(shutil.which("update-mime-database") is None, reason="shared-mime-info not installed")
def test_mime_database_accepts_the_type(tmp_path):
    (tmp_path / "packages").mkdir()
    shutil.copy(MIME_XML, tmp_path / "packages" / MIME_XML.name)
    result = subprocess.run(["update-mime-database", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "application/x-cld-diagram:*.cld" in (tmp_path / "globs2").read_text()
    assert "application/x-cld-diagram application/json" in (tmp_path / "subclasses").read_text()
    assert b"cld-editor" in (tmp_path / "magic").read_bytes()


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell script")
def test_linux_install_script_registers_everything_for_the_user(tmp_path):
    data = tmp_path / "share"
    env = dict(os.environ, HOME=str(tmp_path), XDG_DATA_HOME=str(data))
    result = subprocess.run(["sh", str(LINUX / "install.sh"), "--exec", "/opt/cld editor/cld-editor"],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    desktop = (data / "applications" / "cld-editor.desktop").read_text()
    assert 'Exec="/opt/cld editor/cld-editor" %f' in desktop
    assert (data / "mime" / "packages" / "cld-editor-mime.xml").is_file()
    for size in ICON_SIZES:
        assert (data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "cld-editor.png").is_file()
        assert (data / "icons" / "hicolor" / f"{size}x{size}" / "mimetypes" / "cld-file.png").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "cld-editor.svg").is_file()

    result = subprocess.run(["sh", str(LINUX / "install.sh"), "--uninstall"],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert not (data / "applications" / "cld-editor.desktop").exists()
    assert not (data / "icons" / "hicolor" / "48x48" / "apps" / "cld-editor.png").exists()


def test_linux_install_script_refuses_an_unknown_option(tmp_path):
    env = dict(os.environ, HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "share"))
    result = subprocess.run(["sh", str(LINUX / "install.sh"), "--frobnicate"],
                            capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 2
    assert "unknown option" in result.stderr
    assert not (tmp_path / "share").exists()


# ------------------------------------------------------- Windows and macOS
def test_windows_registration_is_per_user_and_opens_the_file():
    text = (ROOT / "packaging" / "windows" / "cld-editor.reg").read_text(encoding="utf-8")
    assert text.startswith("Windows Registry Editor Version 5.00")
    keys = re.findall(r"^\[(.+)\]", text, flags=re.M)
    assert keys and all(k.startswith("HKEY_CURRENT_USER\\Software\\Classes\\") for k in keys)
    assert "HKEY_CURRENT_USER\\Software\\Classes\\.cld" in keys
    assert '@="CLDEditor.Diagram"' in text
    assert r'\"%1\"' in text  # the file name is passed quoted (paths with spaces)
    iss = (ROOT / "packaging" / "windows" / "cld-editor.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in iss and "ChangesAssociations=yes" in iss
    assert re.search(r'#define AppVersion "([^"]+)"', iss).group(1) == cld_editor.__version__


def test_macos_plist_declares_the_cld_document_type():
    with open(ROOT / "packaging" / "macos" / "Info.plist", "rb") as fh:
        info = plistlib.load(fh)
    (uti,) = info["UTExportedTypeDeclarations"]
    assert uti["UTTypeTagSpecification"]["public.filename-extension"] == ["cld"]
    assert "public.json" in uti["UTTypeConformsTo"]
    (doc,) = info["CFBundleDocumentTypes"]
    assert doc["LSItemContentTypes"] == [uti["UTTypeIdentifier"]]
    assert doc["CFBundleTypeRole"] == "Editor"


# ------------------------------------------------------------ app build
def _spec_data_folders() -> list[tuple[str, str]]:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "DATA_FOLDERS" for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError("the spec has no DATA_FOLDERS list")


def test_spec_bundles_every_data_folder_the_program_looks_for():
    bundled = dict(_spec_data_folders())
    for folder in paths.DATA_FOLDERS:
        # Either the folder itself or all of its sub-folders are bundled, at the same place.
        inside = [dest for src, dest in bundled.items() if src == folder or src.startswith(folder + "/")]
        assert inside, f"{folder} is not bundled"
        assert all(dest == src for src, dest in bundled.items() if src in inside or dest in inside)
    for source in bundled:
        assert (ROOT / source).is_dir(), f"the spec bundles {source}, which does not exist"
    assert (ROOT / "resources" / "icons").is_dir() and "resources/icons" in bundled
    assert "resources/app" in bundled


def test_spec_keeps_network_modules_out_and_collects_lazy_modules():
    text = SPEC.read_text(encoding="utf-8")
    assert '"PySide6.QtNetwork"' in text
    assert 'collect_submodules("cld_editor")' in text
    assert (ROOT / "packaging" / "launcher.py").is_file()
    compile(text, str(SPEC), "exec")  # at least valid Python


def test_build_script_checks_the_built_app_version():
    script = (ROOT / "packaging" / "build-dist.sh").read_text(encoding="utf-8")
    assert "cld-editor.spec" in script
    assert "--version" in script
    assert "pyinstaller" in script.lower()
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^dist:.*\n\t.*packaging/build-dist\.sh", makefile, flags=re.M)


def test_gitignore_keeps_build_outputs_out():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "build/" in ignored and "dist/" in ignored


# ---------------------------------------------------------------- version
def test_version_flag_prints_the_package_version(cli):
    result = cli("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"cld-editor {cld_editor.__version__}"


def test_version_comes_from_the_package_and_the_changelog_has_it():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'version = { attr = "cld_editor.__version__" }' in pyproject
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    released = re.findall(r"^## \[(\d+\.\d+\.\d+)\]", changelog, flags=re.M)
    assert released and released[0] == cld_editor.__version__


# ------------------------------------------------------------------ icons
def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


@pytest.mark.parametrize("size", ICON_SIZES)
def test_generated_icons_have_their_size(size):
    hicolor = ROOT / "resources" / "app" / "hicolor" / f"{size}x{size}"
    assert _png_size(hicolor / "apps" / "cld-editor.png") == (size, size)
    assert _png_size(hicolor / "mimetypes" / "cld-file.png") == (size, size)


def test_icon_sources_are_svg_documents():
    for name in ("cld-editor.svg", "cld-file.svg"):
        root = ET.parse(ROOT / "resources" / "app" / name).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert root.get("viewBox") == "0 0 256 256"


# ----------------------------------------------------------- data folders
def test_data_folders_are_found_in_a_checkout():
    assert paths.data_root() == ROOT
    assert {p.name for p in paths.example_files()} == {p.name for p in (ROOT / "examples").glob("*.cld")}
    assert paths.user_guide_pages()[0].name == "index.md"
    assert paths.resource("app", "cld-editor.svg").is_file()


def test_data_folder_override_wins(tmp_path, monkeypatch):
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "one.cld").write_text("{}", encoding="utf-8")
    monkeypatch.setenv("CLD_EDITOR_DATA", str(tmp_path))
    paths.data_root.cache_clear()
    try:
        assert paths.data_root() == tmp_path
        assert [p.name for p in paths.example_files()] == ["one.cld"]
        assert paths.user_guide_pages() == []
    finally:
        monkeypatch.delenv("CLD_EDITOR_DATA")
        paths.data_root.cache_clear()


def test_a_bundle_folder_is_used_when_frozen(tmp_path, monkeypatch):
    (tmp_path / "docs" / "user-guide").mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    paths.data_root.cache_clear()
    try:
        assert paths.data_root() == tmp_path
    finally:
        monkeypatch.delattr(sys, "_MEIPASS")
        paths.data_root.cache_clear()


@pytest.mark.slow
def test_wheel_installs_the_data_folders(tmp_path):
    """Build a wheel of a copy of the project and look inside it."""
    src = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for folder in ("cld_editor", "examples", "docs/user-guide", "resources", "packaging/linux"):
        shutil.copytree(ROOT / folder, src / folder, ignore=ignore)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, src / name)
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(tmp_path / "wheel"),
                             str(src)], capture_output=True, text=True, timeout=600)
    if result.returncode != 0 and re.search(r"No matching distribution|Could not find a version|connection",
                                            result.stdout + result.stderr, flags=re.I):
        pytest.skip("no package index to fetch the build backend from")
    assert result.returncode == 0, result.stdout + result.stderr
    # No deprecation banner at install: the licence is an SPDX expression with its file.
    assert "Deprecat" not in result.stdout + result.stderr, result.stderr
    (wheel,) = (tmp_path / "wheel").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    (meta,) = [n for n in names if n.endswith(".dist-info/METADATA")]
    metadata = zipfile.ZipFile(wheel).read(meta).decode()
    assert "License-Expression: MIT" in metadata and "License-File: LICENSE" in metadata
    data = [n.split(".data/data/", 1)[1] for n in names if ".data/data/" in n]
    for example in (ROOT / "examples").glob("*.cld"):
        assert f"share/cld-editor/examples/{example.name}" in data
    for page in paths.user_guide_pages():
        assert f"share/cld-editor/docs/user-guide/{page.name}" in data
    assert "share/cld-editor/resources/app/cld-editor.svg" in data
    assert "share/applications/cld-editor.desktop" in data
    assert "share/mime/packages/cld-editor-mime.xml" in data
    assert "share/icons/hicolor/48x48/apps/cld-editor.png" in data
    icons = [p.name for p in (ROOT / "resources" / "icons").glob("*.svg")]
    assert all(f"share/cld-editor/resources/icons/{name}" in data for name in icons)
