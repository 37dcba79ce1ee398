"""Link evidence in formats that have no place for it: written into the effect's documentation.

XMILE connectors and Vensim arrows carry no text, so a link's evidence goes
at the end of its target variable's documentation (XMILE ``<doc>``, the
Vensim comment), one bracketed note per link, on one line::

    Claimant count. [evidence from "Jobs": confidence "strong", source "ONS 2024", proposed by "Tutor"]

A person reading the model in Stella or Vensim sees it; cld-editor reads it
back onto the link and takes it out of the notes.  Values are JSON strings,
so any text survives (Vensim's own ``|`` and ``~`` are the exception: the
Vensim writer turns them into ``/`` and ``-``).

Examples
--------
>>> from cld_editor.core import Diagram, Evidence
>>> d = Diagram()
>>> jobs = d.new_variable("Jobs").id
>>> work = d.new_variable("Claimants", notes="Claimant count.").id
>>> _ = d.new_link(jobs, work, "-", evidence=Evidence("strong", 'ONS "table 2"', "Tutor"))
>>> text = notes_with_evidence(d, d.variables[work])
>>> text
'Claimant count. [evidence from "Jobs": confidence "strong", source "ONS \\\\"table 2\\\\"", proposed by "Tutor"]'
>>> back = Diagram()
>>> jobs = back.new_variable("Jobs").id
>>> work = back.new_variable("Claimants", notes=text).id
>>> _ = back.new_link(jobs, work, "-")
>>> read_evidence_notes(back)
>>> back.links["l1"].evidence == d.links["l1"].evidence, back.variables[work].notes
(True, 'Claimant count.')
"""

from __future__ import annotations

import json
import re

from ..core.diagram import Diagram
from ..core.elements import CONFIDENCES, Evidence, Variable

_STRING = r'"(?:[^"\\]|\\.)*"'
# No leading \s*: on a long run of spaces it would make the search quadratic.
_NOTE = re.compile(rf'\[evidence from ({_STRING}):((?:\s*(?:confidence|source|proposed by) {_STRING},?)*)\]')
_FIELD = re.compile(rf'(confidence|source|proposed by) ({_STRING})')
_FIELDS = (("confidence", "confidence"), ("source", "source"), ("proposed by", "proposed_by"))


#: Older words for confidence that other tools (and cld-editor's format version 1) use.
OLD_WORDS = {"low": "weak", "medium": "moderate", "high": "strong"}


def confidence_word(value: object) -> str | None:
    """A confidence level read from another format's field (``None`` when it is not one).

    Examples
    --------
    >>> confidence_word(" Strong "), confidence_word("high"), confidence_word("very"), confidence_word(3)
    ('strong', 'strong', None, None)
    """
    if not isinstance(value, str):
        return None
    word = value.strip().casefold()
    word = OLD_WORDS.get(word, word)
    return word if word in CONFIDENCES else None


def evidence_fields(evidence: Evidence) -> dict[str, str]:
    """The evidence as flat text fields (``confidence``, ``source``, ``proposed by``), empty ones left out."""
    return {label: getattr(evidence, key) for label, key in _FIELDS if getattr(evidence, key)}


def evidence_from_fields(fields: dict) -> Evidence:
    """Evidence from flat fields as :func:`evidence_fields` writes them (``proposed_by`` also read).

    Examples
    --------
    >>> evidence_from_fields({"confidence": "High", "source": "ONS", "proposed_by": "Tutor", "weight": 3})
    Evidence(confidence='strong', source='ONS', proposed_by='Tutor', extra={})
    """
    def text(*keys: str) -> str:
        value = next((fields[k] for k in keys if k in fields), "")
        return value if isinstance(value, str) else ""

    return Evidence(confidence_word(fields.get("confidence")), text("source"),
                    text("proposed by", "proposed_by"))


def evidence_note(source_name: str, evidence: Evidence) -> str:
    """One link's bracketed note."""
    parts = [f"{label} {json.dumps(getattr(evidence, key), ensure_ascii=False)}"
             for label, key in _FIELDS if getattr(evidence, key)]
    return f"[evidence from {json.dumps(source_name, ensure_ascii=False)}: {', '.join(parts)}]"


def notes_with_evidence(diagram: Diagram, variable: Variable) -> str:
    """The variable's notes followed by the evidence of every link into it."""
    notes = [evidence_note(diagram.variables[link.source].name, link.evidence)
             for link in diagram.links_into(variable.id) if _has_fields(link.evidence)]
    return " ".join(part for part in [variable.notes, *notes] if part)


def _has_fields(evidence: Evidence) -> bool:
    return bool(evidence.confidence or evidence.source or evidence.proposed_by)


def read_evidence_notes(diagram: Diagram) -> None:
    """Move evidence notes from variables' notes onto their links (in place).

    A note naming no link into the variable, or holding a confidence level
    this program does not know, is left in the notes where a person can read it.
    """
    for var in list(diagram.variables.values()):
        if "[evidence from " not in var.notes:
            continue
        kept: list[str] = []
        last = 0
        for match in _NOTE.finditer(var.notes):
            try:
                source = diagram.variable_by_name(json.loads(match.group(1)))
                fields = {label: json.loads(value) for label, value in _FIELD.findall(match.group(2))}
            except ValueError:  # a bad escape: not a note this program wrote
                continue
            link = diagram.link_between(source.id, var.id) if source is not None else None
            confidence = fields.get("confidence") or None
            if link is None or (confidence is not None and confidence not in CONFIDENCES):
                continue
            kept.append(var.notes[last:match.start()].rstrip())  # the space written before the note
            last = match.end()
            diagram.update_link(link.id, evidence=Evidence(confidence, fields.get("source", ""),
                                                           fields.get("proposed by", "")))
        kept.append(var.notes[last:])
        diagram.update_variable(var.id, notes="".join(kept).strip())
