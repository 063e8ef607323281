"""Instructor-side tools: the main grading job, sample submissions, feedback hygiene, benchmarks.

Not part of the wheel a student installs.
"""
