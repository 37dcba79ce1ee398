"""Random signed diagrams for the benchmarks: one builder, so every benchmark draws them the same way.

Not a benchmark itself (``make bench`` runs ``bench_*.py`` only).  The same
arguments always give the same diagram, so figures measured on one are
comparable across runs and across checkouts.
"""

from __future__ import annotations

import itertools
import random
from typing import Iterator

from cld_editor.core import Diagram


def new_pairs(rnd: random.Random, n: int) -> Iterator[tuple[int, int]]:
    """Endless distinct ordered pairs of ``n`` variables, never a variable with itself, as drawn."""
    seen: set[tuple[int, int]] = set()
    while True:
        a, b = rnd.randrange(n), rnd.randrange(n)
        if a != b and (a, b) not in seen:
            seen.add((a, b))
            yield a, b


def random_diagram(n: int, m: int, seed: int, *, unknown: float = 0.0, delayed: float = 0.1,
                   in_order: bool = False) -> Diagram:
    """``n`` variables at random places and ``m`` random links among them, signed ``+`` or ``-`` at even odds.

    ``unknown`` is the share of links given ``?`` instead, ``delayed`` the
    share marked delayed.  The links are added as their pairs are drawn, or,
    with ``in_order``, once all ``m`` are drawn, sorted by (from, to); the
    sign and delay of each link are drawn as it is added.
    """
    rnd = random.Random(seed)
    d = Diagram(title=f"random {n} x {m}")
    ids = [d.new_variable(f"Variable {i}", rnd.uniform(0, 2000), rnd.uniform(0, 2000)).id for i in range(n)]
    pairs = itertools.islice(new_pairs(rnd, n), m)
    for a, b in sorted(pairs) if in_order else pairs:
        polarity = "?" if unknown and rnd.random() < unknown else rnd.choice("+-")
        d.new_link(ids[a], ids[b], polarity, delay=rnd.random() < delayed)
    return d
