"""Keep equations right when a variable is renamed: rewrite every use of its old name.

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> b = d.new_variable("Births")
>>> p = d.new_variable("Population", kind="stock", equation="births - population / 70", initial="births * 10")
>>> renamed_equations(d, b.id, "Birth Rate (UK)")
{'v2': {'equation': '"Birth Rate (UK)" - population / 70', 'initial': '"Birth Rate (UK)" * 10'}}
"""

from __future__ import annotations

import re

from ..core.diagram import Diagram
from ..core.errors import CldError
from ..core.naming import equation_name
from .expr import tokenize


def _rewrite(text: str, old: str, new: str, names: list[str]) -> str | None:
    """``text`` with each name token ``old`` replaced by ``new``; ``None`` if unchanged or unreadable."""
    try:
        tokens = tokenize(text, "", names)
    except CldError:
        return None
    out, pos, changed = [], 0, False
    for token in tokens:
        if token.kind != "name" or token.text != old:
            continue
        start = token.column - 1
        end = _token_end(text, start, old)
        if end is None:
            continue
        out.append(text[pos:start])
        out.append(new)
        pos = end
        changed = True
    if not changed:
        return None
    out.append(text[pos:])
    return "".join(out)


def _token_end(text: str, start: int, name: str) -> int | None:
    """Where the name written at ``start`` ends (it may be written quoted or in capitals)."""
    if text.startswith('"', start):
        close = text.find('"', start + 1)
        return close + 1 if close > 0 else None
    end = start + len(name)
    return end if text[start:end].lower() == name else None


def renamed_equations(diagram: Diagram, variable_id: str, new_name: str) -> dict[str, dict[str, str]]:
    """The equation (and starting-value) texts that change when a variable takes ``new_name``.

    Returns ``{variable id: {"equation": text, "initial": text}}`` with only the fields that change.
    """
    old = equation_name(diagram.variables[variable_id].name)
    new = equation_name(new_name)
    if old == new:
        return {}
    names = [equation_name(v.name) for v in diagram.variables.values()] + [new]
    plain = re.fullmatch(r"[^\W\d]\w*", new) is not None
    # A name with punctuation is written in quotes, which always reads back as one name.
    written = new if plain or '"' in new_name else f'"{" ".join(new_name.split())}"'
    changes: dict[str, dict[str, str]] = {}
    for vid, var in diagram.variables.items():
        fields = {}
        for field in ("equation", "initial"):
            text = getattr(var, field)
            if isinstance(text, str) and text.strip():
                rewritten = _rewrite(text, old, written, names)
                if rewritten is not None:
                    fields[field] = rewritten
        if fields:
            changes[vid] = fields
    return changes
