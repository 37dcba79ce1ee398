"""The solver: safe equation parsing, generated equations, runs.  Pure Python, no Qt."""
