"""Analysis of a diagram: loops, polarity, traces and metrics.  Pure Python, no Qt."""
