"""Sample submissions are built from the release notebook and the source's solutions, as each recipe says."""
import pytest

from conftest import ASSIGNMENTS, COURSE
from course_utils.grading import notebooks
from course_utils.grading.samples import EDITED_TEST_SOURCE, SAMPLE_STUDENTS, make_submission

STUDENTS = {student.student_id: student for student in SAMPLE_STUDENTS}


def build(student_id, assignment):
    source_nb = notebooks.read(COURSE.notebook("source", assignment))
    release_nb = notebooks.read(COURSE.notebook("release", assignment))
    return source_nb, release_nb, make_submission(STUDENTS[student_id], source_nb, release_nb)


def test_sample_students_are_recognisably_named():
    assert all(student_id.startswith("sample_") for student_id in STUDENTS)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_blank_sample_is_the_release_notebook(assignment):
    _, release_nb, submission = build("sample_blank", assignment)
    assert submission == release_nb


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_perfect_sample_holds_every_solution_without_markers(assignment):
    source_nb, _, submission = build("sample_perfect", assignment)
    answers = [cell for cell in submission.cells if notebooks.is_answer(cell)]
    assert answers and all("NotImplementedError" not in cell.source for cell in answers)
    assert all("BEGIN SOLUTION" not in cell.source for cell in answers)
    solution_lines = {line for cell in source_nb.cells for line in notebooks.solution_lines(cell.source)}
    submitted_lines = {line.strip() for cell in answers for line in cell.source.split("\n")}
    assert solution_lines <= submitted_lines


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_test_editor_replaces_every_test_cell_and_keeps_its_metadata(assignment):
    _, release_nb, submission = build("sample_test_editor", assignment)
    for original, edited in zip(release_nb.cells, submission.cells):
        if notebooks.is_test(original):
            assert edited.source == EDITED_TEST_SOURCE
            assert edited.metadata == original.metadata


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_expected_scores_span_zero_to_full_marks(assignment):
    source_nb = notebooks.read(COURSE.notebook("source", assignment))
    total = notebooks.total_points(source_nb)
    expected = {student_id: student.expected_score(source_nb) for student_id, student in STUDENTS.items()}
    assert expected["sample_perfect"] == total > 0
    assert expected["sample_blank"] == 0
    assert 0 < expected["sample_partial"] == expected["sample_test_editor"] < total
