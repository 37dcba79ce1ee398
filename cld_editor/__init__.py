"""cld-editor: a desktop causal-loop diagram editor.

The package is layered: ``core`` (the model), ``analysis`` (loops and traces),
``sim`` (equations and the solver) and ``io`` (file formats) are pure Python;
only ``commands`` and ``gui`` import Qt.
"""

__version__ = "0.1.0"
