"""The surprise gap (course_utils/develop/surprise_gap.py): the typical wrong answers that pass every public check of
their exercise and lose points only when graded are exactly those that each lab's tests/labs/<lab>/public_gap.yaml
lists, each with its reason. A new one fails here; so does one that now fails its public checks (remove it from the
file: the gap is closed).
"""
import pytest

from conftest import COURSE, REPO_ROOT
from course_utils.develop import mutation, surprise_gap
from course_utils.develop.answer_fixtures import WRONG_ANSWERS, answer_fixtures, lab_files

EXPECTED = "public_gap.yaml"  # in tests/labs/<lab>/
REASONS = ("only unseen data can tell", "the key is secret", "open: issue 12 §4")


@pytest.fixture(scope="module")
def expected():
    return lab_files(REPO_ROOT, EXPECTED)


def test_the_expectations_name_labs_wrong_answers_and_reasons(course, expected):
    strays = sorted(set(expected) - set(mutation.labs(course)))
    assert not strays, f"{EXPECTED} files of assignments that are not labs: {strays}"
    names = {lab: {answer.name for answer in answer_fixtures(course.root, WRONG_ANSWERS, lab)} for lab in expected}
    unknown = [f"{lab}/{name}" for lab, entries in expected.items() for name in entries if name not in names[lab]]
    assert not unknown, f"{EXPECTED} files name wrong answers that do not exist: {unknown}"
    unexplained = [f"{lab}/{name}: {reason!r}" for lab, entries in expected.items()
                   for name, reason in entries.items() if not str(reason).startswith(REASONS)]
    assert not unexplained, f"reasons must start with one of {REASONS}:\n" + "\n".join(unexplained)


def test_the_quizzes_are_left_out_and_said_to_be(course, capsys):
    assert surprise_gap.main(course, ["quiz*"]) == 0
    out = capsys.readouterr().out
    assert surprise_gap.QUIZ_NOTE in out and "Total: 0 of 0" in out


@pytest.fixture(scope="module")
def measured(request):
    """{lab: its LabGap} for the labs of the selected tests, two labs at a time."""
    chosen = [lab for lab in mutation.labs(COURSE) if any(
        getattr(getattr(item, "callspec", None), "params", {}).get("lab") == lab for item in request.session.items)]
    return {gap.assignment: gap for gap in surprise_gap.measure(COURSE, chosen)}


@pytest.mark.slow
@pytest.mark.parametrize("lab", mutation.labs(COURSE))
def test_the_surprise_gap_is_as_expected(measured, expected, lab):
    gap, listed = measured[lab], set(expected.get(lab) or {})
    new, closed = sorted(gap.names - listed), sorted(listed - gap.names)
    assert not new and not closed, (
        f"{lab}: " + (f"wrong answers that now pass every public check (add a public check, or list them in "
                      f"tests/labs/{lab}/{EXPECTED} with a reason): {new}. " if new else "")
        + (f"listed wrong answers that now fail a public check (the gap is closed: remove them from "
           f"tests/labs/{lab}/{EXPECTED}): {closed}." if closed else ""))
