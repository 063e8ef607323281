"""Answer-format checks for the practice quizzes.

These checks say only whether an answer has the right *form* (a letter, a set of letters, a number); whether it is
right is decided at grading time, and the feedback then explains each answer.
"""
import math

from .checks import CheckFailed


def check_choice(name, answer, options):
    """``answer`` must be one of the letters in ``options``, as a string (e.g. "B")."""
    if not (isinstance(answer, str) and len(answer) == 1 and answer in options):
        raise CheckFailed(f"{name} should be one letter from {', '.join(options)} as a string, e.g. {name} = "
                          f"\"{options[0]}\"; got {answer!r}")
    print(f"{name} = {answer!r}: the format is right (the grader checks the answer itself).")


def check_choices(name, answer, options):
    """``answer`` must be a non-empty set of letters from ``options`` (e.g. {"A", "C"})."""
    if not (isinstance(answer, (set, frozenset)) and answer and all(
            isinstance(letter, str) and letter in options for letter in answer)):
        raise CheckFailed(f"{name} should be a non-empty set of letters from {', '.join(options)}, e.g. "
                          f"{name} = {{\"{options[0]}\", \"{options[-1]}\"}}; got {answer!r}")
    print(f"{name} = {sorted(answer)}: the format is right (the grader checks the answer itself).")


def check_number(name, answer):
    """``answer`` must be a finite int or float (not a string, not a bool)."""
    if isinstance(answer, bool) or not isinstance(answer, (int, float)) or not math.isfinite(answer):
        raise CheckFailed(f"{name} should be a number, e.g. {name} = 0.5; got {answer!r}")
    print(f"{name} = {answer!r}: the format is right (the grader checks the answer itself).")
