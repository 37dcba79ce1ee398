"""Entry point of the PyInstaller bundle: the same ``main`` as the installed
``cld-editor`` command (a package's ``__main__`` cannot be the top script)."""

import sys

from cld_editor.cli import main

if __name__ == "__main__":
    sys.exit(main())
