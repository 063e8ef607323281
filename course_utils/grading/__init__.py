"""Instructor-side tools: the main grading job, class grading, sample submissions, the grading sandbox, hidden tests
in the grader, feedback hygiene, the gradebook's export and import.

Not part of the wheel a student installs.
"""
