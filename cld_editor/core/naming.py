"""How variable names compare, sort and appear in equations.

Names are unique ignoring case and surrounding spaces; in an equation a
variable is written in lower case with every run of spaces or underscores as
one ``_`` (docs/architecture.md, "Equations in the file").
"""

from __future__ import annotations

import re

_RUNS = re.compile(r"[\s_]+")


def name_key(name: str) -> str:
    """Return the key under which two names count as the same variable.

    Examples
    --------
    >>> name_key("  Jobs ") == name_key("JOBS")
    True
    """
    return name.strip().casefold()


def sort_key(name: str) -> tuple[str, str]:
    """Return the case-insensitive sort key of a name (ties broken by the name).

    Examples
    --------
    >>> sorted(["b", "A", "a2"], key=sort_key)
    ['A', 'a2', 'b']
    """
    stripped = name.strip()
    return (stripped.casefold(), stripped)


def equation_name(name: str) -> str:
    """Return the name as written in an equation.

    Examples
    --------
    >>> equation_name("Adjustment Time")
    'adjustment_time'
    >>> equation_name("  Births__per  year ")
    'births_per_year'
    """
    return _RUNS.sub("_", name.strip()).lower()


def unique_name(base: str, taken: set[str]) -> str:
    """Return ``base`` or ``base 2``, ``base 3``... whichever is free.

    ``taken`` holds :func:`name_key` values.

    Examples
    --------
    >>> unique_name("Jobs", {"jobs", "jobs 2"})
    'Jobs 3'
    """
    if name_key(base) not in taken:
        return base
    n = 2
    while name_key(f"{base} {n}") in taken:
        n += 1
    return f"{base} {n}"
