"""The diagram canvas: a scene whose items follow the model, and its view.

``DiagramScene`` (scene.py) builds one item per model element from the
diagram's events; ``DiagramView`` (view.py) handles zoom, pan and in-place
name editing.  Items never change the model: gestures end in commands.
"""

from .scene import DiagramScene
from .view import DiagramView

__all__ = ["DiagramScene", "DiagramView"]
