"""Presentation mode: the diagram for a room, built up step by step, then loop by loop."""
