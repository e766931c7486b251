"""Scorers for the gold sets: each compares what newsgraph produced with hand-made truth."""
