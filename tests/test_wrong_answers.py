"""Typical wrong answers lose their exercise's points under a real `nbgrader autograde`.

Each fixture in tests/fixtures/wrong_answers/<assignment>/<answer cell>--<what it does wrong>.py replaces one answer
cell of an otherwise perfect submission. Expected outcome, the same for all of them: the test cells of that exercise
score below their points, so the submission scores below full marks. Each one's feedback page (one
`nbgrader generate_feedback` per assignment) shows no hidden-test line and no solution line the student did not write,
and each error a test cell raised names no hidden code in its message.
"""
import pytest

from graded_fixtures import exercise_of, fixtures, grade_selected, graded_cells
from course_utils.grading import notebooks
from course_utils.grading import answer_fixtures
from course_utils.grading.feedback import MIN_LEAK_LENGTH, leaked_lines

WRONG_ANSWERS = fixtures(answer_fixtures.WRONG_ANSWERS)


@pytest.fixture(scope="module")
def graded_courses(request, tmp_path_factory):
    return grade_selected(request, tmp_path_factory, "wrong", WRONG_ANSWERS)


def test_every_assignment_has_wrong_answer_fixtures(course):
    missing = [assignment for assignment in course.assignments()
               if not any(wrong.assignment == assignment for wrong in WRONG_ANSWERS)]
    assert not missing, f"assignments without wrong-answer fixtures: {missing}"


def test_every_exercise_has_three_wrong_answers(course):
    short = []
    for assignment in course.assignments():
        for exercise in notebooks.exercises(notebooks.read(course.notebook("source", assignment))):
            count = sum(1 for wrong in WRONG_ANSWERS
                        if wrong.assignment == assignment and wrong.answer_id in exercise.answer_ids)
            if count < 3:
                short.append(f"{assignment}: {'/'.join(exercise.answer_ids)} has {count}")
    assert not short, "exercises with fewer than three wrong-answer fixtures:\n" + "\n".join(short)


@pytest.mark.slow
@pytest.mark.parametrize("wrong", WRONG_ANSWERS, ids=str)
def test_wrong_answer_loses_its_exercise_points(graded_courses, wrong):
    course = graded_courses[wrong.assignment]
    exercise = exercise_of(course, wrong)
    grades, (total, possible) = graded_cells(course, wrong)
    lost = [cell for cell in exercise.test_ids if grades[cell][0] < grades[cell][1]]
    assert lost, f"{wrong}: the wrong answer kept every point of {exercise.test_ids}: {grades}"
    assert total < possible


@pytest.mark.slow
@pytest.mark.parametrize("wrong", WRONG_ANSWERS, ids=str)
def test_wrong_answer_feedback_reveals_no_hidden_test_or_solution(graded_courses, wrong):
    course = graded_courses[wrong.assignment]
    source_nb = notebooks.read(course.notebook("source", wrong.assignment))
    page = course.notebook("feedback", wrong.assignment, wrong.student_id).read_text()
    hidden = leaked_lines(page, source_nb, notebooks.hidden_test_lines)
    assert not hidden, f"{wrong}: the feedback shows hidden test lines: {hidden[:5]}"
    # The rest of the submission is the perfect one: its solution lines are the student's own and may show.
    submitted = notebooks.read(course.notebook("submitted", wrong.assignment, wrong.student_id))
    own = {line.strip() for cell in submitted.cells for line in cell.source.split("\n")}
    solutions = leaked_lines(page, source_nb, notebooks.solution_lines, allowed=own)
    assert not solutions, f"{wrong}: the feedback shows solution lines the student did not write: {solutions[:5]}"
    assert "course_utils.reference" not in page and "BEGIN HIDDEN" not in page and "BEGIN SOLUTION" not in page


@pytest.mark.slow
@pytest.mark.parametrize("wrong", WRONG_ANSWERS, ids=str)
def test_wrong_answer_errors_name_no_hidden_code(graded_courses, wrong):
    """The message of an error in a test cell (all the feedback keeps of it) quotes no hidden line, not even as part
    of a longer line: nbgrader would show it in full."""
    course = graded_courses[wrong.assignment]
    source_nb = notebooks.read(course.notebook("source", wrong.assignment))
    hidden = {line for line in notebooks.private_lines(source_nb, notebooks.hidden_test_lines)
              if len(line) >= MIN_LEAK_LENGTH}
    autograded = notebooks.read(course.notebook("autograded", wrong.assignment, wrong.student_id))
    errors = [output for cell in autograded.cells if notebooks.is_test(cell) for output in cell.get("outputs", [])
              if output.get("output_type") == "error"]
    assert errors, f"{wrong}: no test cell raised an error"
    quoted = sorted({line for output in errors for line in hidden if line in output.get("evalue", "")})
    assert not quoted, f"{wrong}: a test cell's error message quotes hidden code: {quoted[:5]}"
