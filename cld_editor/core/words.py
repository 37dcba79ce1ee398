"""Counts in plain English: "1 variable", "2 variables", never "1 variables" or "link(s)".

Every message that counts something goes through :func:`plural`, and a verb
that follows a count through :func:`verb`, so the program never writes
"1 stocks" or "1 link(s) are".
"""

from __future__ import annotations

_IRREGULAR = {"is": "are", "was": "were", "has": "have", "its": "their", "this": "these",
              "does": "do", "it": "they"}


def plural(n: int, word: str, many: str | None = None, *, thousands: bool = False) -> str:
    """``n`` and ``word``, in the plural unless ``n`` is 1 (``many`` for irregular nouns).

    Parameters
    ----------
    n : int
        How many.
    word : str
        The singular; the plural adds "s" (or "es" after s, x, ch, sh), or is ``many``.
    many : str, optional
        The plural when it is irregular ("matches" is found, "people" is not).
    thousands : bool
        Write ``n`` with thousands separators (``11,300``).

    Examples
    --------
    >>> plural(1, "variable"), plural(0, "variable"), plural(2, "stock")
    ('1 variable', '0 variables', '2 stocks')
    >>> plural(3, "box"), plural(2, "person", "people"), plural(12000, "loop", thousands=True)
    ('3 boxes', '2 people', '12,000 loops')
    >>> plural(2, "feedback loop"), plural(1, "pair of variables", "pairs of variables")
    ('2 feedback loops', '1 pair of variables')
    """
    number = f"{n:,}" if thousands else str(n)
    return f"{number} {word if n == 1 else many or plural_of(word)}"


def plural_of(word: str) -> str:
    """The regular plural of the last word of ``word``.

    Examples
    --------
    >>> plural_of("link"), plural_of("process"), plural_of("match"), plural_of("subscript range")
    ('links', 'processes', 'matches', 'subscript ranges')
    """
    if word.endswith(("s", "x", "ch", "sh", "z")):
        return word + "es"
    return word + "s"


def verb(n: int, singular: str) -> str:
    """``singular`` (a verb or pronoun as it follows "1 thing") made to agree with a count of ``n``.

    Examples
    --------
    >>> verb(1, "has"), verb(2, "has"), verb(2, "was"), verb(2, "passes"), verb(2, "its")
    ('has', 'have', 'were', 'pass', 'their')
    >>> verb(3, "needs"), verb(1, "needs")
    ('need', 'needs')
    """
    if n == 1:
        return singular
    if singular in _IRREGULAR:
        return _IRREGULAR[singular]
    if singular.endswith(("sses", "shes", "ches", "xes", "zes")):
        return singular[:-2]
    return singular[:-1] if singular.endswith("s") else singular
