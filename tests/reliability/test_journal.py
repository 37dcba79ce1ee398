"""The edit journal: a kill at any moment loses no completed edit, and never half of one."""

from __future__ import annotations

import errno
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cld_editor.core import Diagram
from cld_editor.io import journal as journal_module
from cld_editor.io.journal import Journal, recover_journals, replay
from tests.reliability.test_undo_redo import _model_edit, start_diagram

LONG = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)


class Batched:
    """A stand-in for the window's zero-delay timer: flushes run when the test says an edit is complete."""

    def __init__(self) -> None:
        self.waiting = []

    def __call__(self, flush) -> None:
        self.waiting.append(flush)

    def run(self) -> None:
        waiting, self.waiting = self.waiting, []
        for flush in waiting:
            flush()


@LONG
@given(data=st.data())
def test_replay_gives_back_exactly_the_diagram(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("journal")
    d = start_diagram()
    timer = Batched()
    journal = Journal(d, folder / "w.journal", lambda: True, lambda: "/home/someone/stoke.cld", timer,
                      compact_bytes=data.draw(st.sampled_from([300, 4 * 2**20])))
    undo_log: list = []
    states = [d.state()]
    for _ in range(data.draw(st.integers(5, 80))):
        _model_edit(d, data, undo_log)
        if data.draw(st.booleans()):  # sometimes several edits before the event loop turns
            timer.run()
            states.append(d.state())
    timer.run()
    states.append(d.state())
    replayed, mark = replay(folder / "w.journal")
    assert replayed == d
    assert mark["modified"] is True and mark["file"] == "/home/someone/stoke.cld"

    # A kill during any write leaves a prefix: the replay is one of the completed states, never half an edit.
    raw = (folder / "w.journal").read_bytes()
    # A fraction, not a byte count: the marks hold the time, so the length differs between runs.
    cut = int(data.draw(st.floats(0, 1)) * len(raw))
    (folder / "cut.journal").write_bytes(raw[:cut])
    partial, _ = replay(folder / "cut.journal")
    assert partial is None or partial.state() in states
    journal.close()
    assert not (folder / "w.journal").exists()


def test_a_reset_starts_a_new_base(tmp_path):
    d = start_diagram()
    journal = Journal(d, tmp_path / "w.journal", lambda: True, lambda: None)
    d.new_variable("Trust", 1, 1)
    other = Diagram(title="Opened later")
    other.new_variable("Waiting list", 5, 5)
    d.replace_content(other)
    d.new_variable("Staff", 9, 9)
    replayed, _ = replay(tmp_path / "w.journal")
    assert replayed == d
    assert (tmp_path / "w.journal").read_text().count('"op": "base"') == 1
    journal.close()


def test_a_full_disk_stops_journaling_but_never_editing(tmp_path, monkeypatch):
    d = start_diagram()
    journal = Journal(d, tmp_path / "w.journal", lambda: True, lambda: None)

    def no_space(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(journal_module.os, "write", no_space)
    d.new_variable("Trust", 1, 1)  # must not raise
    assert journal.failed == "No space left on device"
    d.new_variable("Staff", 2, 2)
    monkeypatch.undo()
    journal.close()
    assert list(tmp_path.iterdir()) == []


def test_recovery_turns_orphan_journals_into_autosaves(tmp_path):
    unsaved = start_diagram()
    Journal(unsaved, tmp_path / "gone.journal", lambda: True, lambda: "/data/stoke.cld")
    unsaved.new_variable("Trust", 1, 1)
    saved = start_diagram()
    saved_journal = Journal(saved, tmp_path / "saved.journal", lambda: False, lambda: "/data/saved.cld")
    saved.new_variable("Staff", 1, 1)
    saved_journal.mark_saved()
    running = start_diagram()
    Journal(running, tmp_path / "running.journal", lambda: True, lambda: None)
    running.new_variable("Morale", 1, 1)

    written = {}
    keys = recover_journals(tmp_path, lambda key: key != "running",
                            lambda key, diagram, file, when: written.setdefault(key, (diagram, file, when)))
    assert keys == ["gone"]
    diagram, file, when = written["gone"]
    assert diagram == unsaved and file == "/data/stoke.cld" and when > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["running.journal"]


def test_each_edit_is_fsynced_once(tmp_path, monkeypatch):
    d = start_diagram()
    timer = Batched()
    journal = Journal(d, tmp_path / "w.journal", lambda: True, lambda: None, timer)
    calls = []
    real = os.fsync
    monkeypatch.setattr(journal_module.os, "fsync", lambda fd: (calls.append(fd), real(fd)))
    removed = d.remove_variable(next(iter(d.variables)))  # one edit, several events
    assert len(removed) > 1
    timer.run()
    assert len(calls) == 1
    journal.close()


def test_evidence_and_perspectives_survive_the_journal(tmp_path):
    from cld_editor.core.elements import Evidence

    d = start_diagram()
    a, b = list(d.variables)[:2]
    d.update_variable(a, perspectives=("Tutor", "Parent"))
    link = d.link_between(a, b) or d.new_link(a, b, "+")
    d.update_link(link.id, evidence=Evidence("hypothesis", "workshop 3 March", "Parent", extra={"page": 2}),
                  perspectives={"Tutor": "+", "Parent": "-"})
    timer = Batched()
    journal = Journal(d, tmp_path / "w.journal", lambda: True, lambda: None, timer)
    d.update_link(link.id, evidence=Evidence("contested", "workshop 3 March"))
    timer.run()
    replayed, _ = replay(tmp_path / "w.journal")
    assert replayed == d and replayed.links[link.id].evidence == Evidence("contested", "workshop 3 March")
    journal.close()


def test_a_title_set_after_a_file_is_opened_is_in_the_journal(tmp_path):
    d = start_diagram()
    journal = Journal(d, tmp_path / "w.journal", lambda: True, lambda: None)
    d.replace_content(Diagram())  # a file opened into the window: a new base line
    d.title = "Waiting times"
    replayed, _ = replay(tmp_path / "w.journal")
    assert replayed.title == "Waiting times" and replayed == d
    journal.close()
