"""Where the program's bundled files live: examples, user guide, icons.

The same code runs from a source checkout, from an installed wheel and from a
PyInstaller bundle, and each keeps the data folders in a different place:

- source checkout (or ``pip install -e .``): beside the package, at the top of
  the repository (``examples/``, ``docs/user-guide/``, ``resources/``);
- installed wheel: under ``<prefix>/share/cld-editor/`` (pyproject's
  ``data-files``), where ``<prefix>`` is the environment or the user base;
- PyInstaller one-folder app: inside the bundle (``sys._MEIPASS``).

``CLD_EDITOR_DATA`` names a folder to use instead of all of them, for
packagers who move things around.  Pure Python: no Qt here.
"""

from __future__ import annotations

import os
import site
import sys
import sysconfig
from functools import lru_cache
from pathlib import Path

APP_NAME = "cld-editor"
"""The name of the program's folder under ``share/`` and in settings."""

#: Sub-folders that make up the data root; a candidate needs at least one.
DATA_FOLDERS = ("examples", "docs/user-guide", "resources")


def _candidates() -> list[Path]:
    found: list[Path] = []
    override = os.environ.get("CLD_EDITOR_DATA")
    if override:
        found.append(Path(override))
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        found.append(Path(bundle))
    # A source checkout: the package sits in the repository root.
    found.append(Path(__file__).resolve().parent.parent)
    prefixes = [sysconfig.get_path("data"), sys.prefix, getattr(site, "USER_BASE", None)]
    for prefix in prefixes:
        if prefix:
            found.append(Path(prefix) / "share" / APP_NAME)
    return found


@lru_cache(maxsize=None)
def data_root() -> Path:
    """The folder holding ``examples/``, ``docs/user-guide/`` and ``resources/``.

    Returns the first candidate that has at least one of those folders; when
    none has (a broken install), the source-checkout guess, so that callers
    get empty listings rather than an exception.

    Examples
    --------
    >>> root = data_root()
    >>> root.is_dir()
    True
    """
    candidates = _candidates()
    for candidate in candidates:
        if any((candidate / sub).is_dir() for sub in DATA_FOLDERS):
            return candidate
    return Path(__file__).resolve().parent.parent


def examples_dir() -> Path:
    """The folder of example diagrams (``*.cld``).

    Examples
    --------
    >>> examples_dir().name
    'examples'
    """
    return data_root() / "examples"


def user_guide_dir() -> Path:
    """The folder of the Markdown user guide.

    Examples
    --------
    >>> user_guide_dir().parts[-2:]
    ('docs', 'user-guide')
    """
    return data_root() / "docs" / "user-guide"


def resources_dir() -> Path:
    """The folder of icons and other resources (``icons/``, ``app/``).

    Examples
    --------
    >>> resources_dir().name
    'resources'
    """
    return data_root() / "resources"


def resource(*parts: str) -> Path:
    """A path inside :func:`resources_dir`, e.g. ``resource("app", "cld-editor.svg")``.

    The path may not exist; callers decide what a missing icon means.

    Examples
    --------
    >>> resource("app", "cld-editor.svg").parts[-3:]
    ('resources', 'app', 'cld-editor.svg')
    """
    return resources_dir().joinpath(*parts)


def example_files() -> list[Path]:
    """The example diagrams, sorted by file name; empty when none are installed.

    Examples
    --------
    >>> all(path.suffix == ".cld" for path in example_files())
    True
    """
    folder = examples_dir()
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.cld"), key=lambda p: p.name.lower())


def user_guide_pages() -> list[Path]:
    """The user-guide pages in reading order.

    Pages are Markdown files named ``NN-topic.md``; the number sets the order
    and ``index.md`` (if any) comes first.

    Examples
    --------
    >>> all(page.suffix == ".md" for page in user_guide_pages())
    True
    """
    folder = user_guide_dir()
    if not folder.is_dir():
        return []
    pages = [p for p in folder.glob("*.md") if p.name.lower() != "readme.md"]
    return sorted(pages, key=lambda p: (p.stem.lower() != "index", p.name.lower()))
