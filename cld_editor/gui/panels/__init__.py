"""The docked panels beside the canvas: loops, causes, equations, what-if, warnings, properties."""
