"""Instructor material: one module per lab, named by its assignment id, with the lab's reference answers and the
hidden checks of its test cells; ``maths`` holds the mathematics they share, ``quizzes`` the quizzes' answer key.

Each ``check_<answer>`` of a lab's module is the hidden region of one test cell, which holds only the call: the
grader runs it in its own process, with the student's functions and models as handles into the student's kernel,
on inputs the student never saw (docs/hidden-tests.md). Not part of the wheel a student installs, never copied into
``release/``, hidden from the grading kernel (docs/security.md).
"""
