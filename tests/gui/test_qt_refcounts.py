"""The installed Qt binding keeps Python's reference counts straight.

PySide6 6.12.0 on Python 3.11 drops a reference to None on every void call and
to True on every signal emit, until the interpreter aborts; pyproject.toml
excludes it.  This test fails if such a binding is installed again.
"""

import subprocess
import sys

CHILD = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal

class Emitter(QObject):
    fired = Signal(int)

app = QCoreApplication([])
obj, emitter = QObject(), Emitter()
none0, true0 = sys.getrefcount(None), sys.getrefcount(True)
for _ in range(200):
    obj.setObjectName("x")
    emitter.fired.emit(1)
print(sys.getrefcount(None) - none0, sys.getrefcount(True) - true0)
"""


def test_void_calls_and_emits_do_not_leak_references_to_singletons():
    # In a child process: a bad binding would abort the test run itself.
    out = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-500:]
    none_delta, true_delta = map(int, out.stdout.split())
    assert abs(none_delta) < 50 and abs(true_delta) < 50
