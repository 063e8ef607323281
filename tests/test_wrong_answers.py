"""Typical wrong answers lose their exercise's points.

Each fixture in tests/fixtures/wrong_answers/<assignment>/<answer cell>--<what it does wrong>.py replaces one answer
cell of an otherwise perfect submission. Expected outcome, the same for all of them: a test cell of that exercise
fails, and no failure message quotes a hidden-test line or a solution line the fixture does not hold.

They are graded in process (course_utils/grading/in_process.py: one worker per lab runs the perfect submission once,
then each fixture's exercise again; the hidden regions ask course_utils.observe in the same process what a kernel
would answer). tests/test_right_answers.py grades its fixtures both ways and checks that the results agree.
"""
import pytest

from graded_fixtures import exercise_of, fixtures, grade_in_process
from course_utils.grading import notebooks
from course_utils.grading import answer_fixtures
from course_utils.grading.feedback import MIN_LEAK_LENGTH

WRONG_ANSWERS = fixtures(answer_fixtures.WRONG_ANSWERS)


@pytest.fixture(scope="module")
def graded(request):
    """{fixture: {test cell id: (passed, message)}} for the fixtures of the tests selected in this session."""
    selected = {item.callspec.params["wrong"] for item in request.session.items
                if "wrong" in getattr(getattr(item, "callspec", None), "params", {})}
    return grade_in_process(selected)


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
def test_wrong_answer_loses_its_exercise_points(course, graded, wrong):
    exercise = exercise_of(course, wrong)
    cells = graded[wrong]  # its exercise's test cells, and earlier ones when its run starts before the exercise
    assert set(exercise.test_ids) <= set(cells), f"{wrong}: the test cells run were {sorted(cells)}"
    lost = [cell for cell, (passed, _) in cells.items() if not passed]
    assert lost, f"{wrong}: the wrong answer kept every point of {exercise.test_ids}"
    assert set(lost) <= set(exercise.test_ids), f"{wrong}: earlier exercises lost points too: {lost}"


@pytest.mark.slow
@pytest.mark.parametrize("wrong", WRONG_ANSWERS, ids=str)
def test_wrong_answer_messages_quote_no_hidden_test_or_solution(course, graded, wrong):
    """A failure message (all the feedback keeps of a test cell's error) quotes no hidden line and no line of the
    solution the fixture replaced, not even as part of a longer line: nbgrader would show it in full."""
    source_nb = notebooks.read(course.notebook("source", wrong.assignment))
    (answer,) = [cell for cell in source_nb.cells if notebooks.grade_id(cell) == wrong.answer_id]
    own = {line.strip() for line in wrong.path.read_text().split("\n")}
    private = {line for line in notebooks.private_lines(source_nb, notebooks.hidden_test_lines)
               if len(line) >= MIN_LEAK_LENGTH}
    private |= {line for line in notebooks.solution_lines(answer.source) if len(line) >= MIN_LEAK_LENGTH} - own
    messages = [message for _, message in graded[wrong].values() if message]
    quoted = sorted({line for message in messages for line in private if line in message})
    assert not quoted, f"{wrong}: a failure message quotes hidden or solution code: {quoted[:5]}"

