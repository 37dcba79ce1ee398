"""Typed errors of the model and of file loading.

Every error carries *what* is wrong, *where* (a path such as ``links[3].to`` or
a file position) and, where we can tell, *what to do*.  ``str(error)`` gives
the one line that the command line prints after ``error:``.
"""

from __future__ import annotations


class CldError(Exception):
    """Base of every error the program reports to a person.

    Parameters
    ----------
    what : str
        What is wrong, in plain words.
    where : str, optional
        Where it is: a JSON path (``links[3].to``), a line (``line 12``) or a
        variable name.
    hint : str, optional
        What the person can do about it.

    Examples
    --------
    >>> str(CldError('no variable with id "zz"', where="links[3].to"))
    'links[3].to: no variable with id "zz"'
    """

    def __init__(self, what: str, where: str = "", hint: str = "") -> None:
        self.what = what
        self.where = where
        self.hint = hint
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"{self.where}: {self.what}" if self.where else self.what
        if self.hint:
            text = f"{text} ({self.hint})"
        return text

    def located(self, prefix: str) -> "CldError":
        """Return the same error with ``prefix`` (a file name, say) before its place."""
        where = f"{prefix}: {self.where}" if self.where else prefix
        err = type(self).__new__(type(self))
        CldError.__init__(err, self.what, where, self.hint)
        return err

    def __str__(self) -> str:
        return self.message


class ModelError(CldError):
    """An edit that would make the diagram invalid."""


class DuplicateIdError(ModelError):
    """Two elements of one kind share an id."""


class DuplicateNameError(ModelError):
    """Two variables share a name (ignoring case and surrounding spaces)."""


class DuplicateLinkError(ModelError):
    """A second link with the same source and target."""


class UnknownVariableError(ModelError):
    """A link or lookup names a variable that does not exist."""


class UnknownElementError(ModelError):
    """An id that names no element of the diagram."""


class InvalidValueError(ModelError):
    """A field holds a value of the wrong type or outside its range."""


class FileFormatError(CldError):
    """A file that cannot be read: malformed, too new, too large or hostile."""


class UnsupportedFormatError(FileFormatError):
    """A file extension the program cannot read or write."""


class SaveError(CldError):
    """A save that failed; the previous file on disk is untouched."""
