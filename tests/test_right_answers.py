"""Correct answers written in other styles keep their points under a real `nbgrader autograde`.

Each fixture in tests/fixtures/right_answers/<assignment>/<answer cell>--<its style>.py replaces one answer cell of
an otherwise perfect submission (published answers to the original course are written in many styles: tf.keras names,
no keras.Input, loops, activation functions instead of strings, ...). Expected outcome: full marks, except the test
cells a fixture names in ``# expect-lost:`` lines, which must lose their points with an error that contains the
``# expect-message:`` words (a missing keras.Input costs its one point, with a message that names it).
"""
import pytest

from graded_fixtures import exercise_of, fixtures, grade_selected, graded_cells
from course_utils.grading import notebooks
from course_utils.grading import answer_fixtures

RIGHT_ANSWERS = fixtures(answer_fixtures.RIGHT_ANSWERS)


@pytest.fixture(scope="module")
def graded_courses(request, tmp_path_factory):
    return grade_selected(request, tmp_path_factory, "right", RIGHT_ANSWERS)


def test_every_fixture_names_an_answer_cell(course):
    for right in RIGHT_ANSWERS:
        source_nb = notebooks.read(course.notebook("source", right.assignment))
        answers = {notebooks.grade_id(cell) for cell in source_nb.cells if notebooks.is_answer(cell)}
        tests = {notebooks.grade_id(cell) for cell in source_nb.cells if notebooks.is_test(cell)}
        assert right.answer_id in answers, f"{right}: no answer cell {right.answer_id}"
        assert set(right.header("expect-lost")) <= tests, f"{right}: expect-lost names an unknown test cell"


@pytest.mark.slow
@pytest.mark.parametrize("right", RIGHT_ANSWERS, ids=str)
def test_right_answer_keeps_its_points(graded_courses, right):
    course = graded_courses[right.assignment]
    grades, _ = graded_cells(course, right)
    expected_lost = set(right.header("expect-lost"))
    lost = {cell for cell, (score, maximum) in grades.items() if score < maximum}
    assert lost == expected_lost, (f"{right}: lost the points of {sorted(lost)} (expected to lose "
                                   f"{sorted(expected_lost) or 'none'}): {grades}")
    assert expected_lost <= set(exercise_of(course, right).test_ids)
    if expected_lost:
        autograded = notebooks.read(course.notebook("autograded", right.assignment, right.student_id))
        messages = " ".join(output.get("evalue", "") for cell in autograded.cells
                            if notebooks.grade_id(cell) in expected_lost for output in cell.get("outputs", [])
                            if output.get("output_type") == "error")
        for words in right.header("expect-message"):
            assert words in messages, f"{right}: the error of {sorted(expected_lost)} does not say {words!r}: {messages}"
