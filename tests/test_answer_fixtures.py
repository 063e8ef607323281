"""Every answer fixture of every lab, graded in process (course_utils/develop/in_process.py): typical wrong answers
lose their exercise's points, correct answers in other styles keep them, and in-process grading agrees with a real
`nbgrader autograde` on a sample.

* tests/labs/<assignment>/wrong_answers/<answer cell>--<what it does wrong>.py replaces one answer cell of an otherwise
  perfect submission. Expected outcome, the same for all of them: a test cell of that exercise fails, and no failure
  message quotes a hidden-test line or a solution line the fixture does not hold.
* tests/labs/<assignment>/right_answers/<answer cell>--<its style>.py (published answers to the original course are
  written in many styles: tf.keras names, no keras.Input, loops, activation functions instead of strings, ...).
  Expected outcome: every test cell of its exercise passes, except those the fixture names in ``# expect-lost:``
  lines, which must fail with an error that contains the ``# expect-message:`` words (a missing keras.Input costs its
  one point, with a message that names it).
* A sample of wrong and right answers, from labs that exercise every kind of observation (NumPy functions, Keras
  models the hidden tests hand to the student's code and watch, SymPy formulas, a trained model), is also graded by
  the `grade` command (nbgrader's autograde), in one temp course: every test cell of the fixture's exercise must pass
  or fail alike both ways.
* The surprise gap (course_utils/develop/surprise_gap.py), read from the same grading: the wrong answers that pass
  every public check of their exercise are exactly those each lab's tests/labs/<lab>/public_gap.yaml lists, each
  with its reason. A new one fails here; so does one that now fails its public checks (remove it from the file: the
  gap is closed).

All fixtures of a lab are graded by one worker process, which runs the lab's perfect submission once and each
fixture from its exercise on (what the student's kernel would have run before it, as the autograder would answer).
"""
import pytest

from conftest import COURSE, REPO_ROOT
from graded_fixtures import exercise_of, fixtures, grade_answer_fixtures, grade_in_process
from course_utils.develop import answer_fixtures, mutation, surprise_gap
from course_utils.grading import notebooks
from course_utils.grading.feedback import MIN_LEAK_LENGTH

WRONG_ANSWERS = fixtures(answer_fixtures.WRONG_ANSWERS)
RIGHT_ANSWERS = fixtures(answer_fixtures.RIGHT_ANSWERS)
AGREEMENT_SAMPLE = [fixture for fixture in WRONG_ANSWERS + RIGHT_ANSWERS if fixture.name in (
    "ex2_stable_softmax--shifts-by-the-batch-maximum", "ex2_compile_model--forgets-from-logits",
    "ex4_chain_rule--forgets-the-inner-derivative", "ex2_model--without-keras-input",
    "ex3_train--pairs-the-images-with-the-test-labels")]
PARAMETERS = ("wrong", "right", "sampled")
LABS = mutation.labs(COURSE)
GAP_FILE = "public_gap.yaml"  # in tests/labs/<lab>/
GAP_REASONS = ("only unseen data can tell", "the key is secret", "open: issue 12 §4")


@pytest.fixture(scope="module")
def graded(request):
    """{fixture: {test cell id: in_process.CellResult}} for the fixtures of the tests selected in this session (every
    wrong answer of a lab whose surprise gap is tested), graded in process: one worker per lab, two labs at a time."""
    params = [getattr(getattr(item, "callspec", None), "params", {}) for item in request.session.items]
    selected = {found[name] for found in params for name in PARAMETERS if name in found}
    selected |= {wrong for found in params if "gap_lab" in found for wrong in WRONG_ANSWERS
                 if wrong.assignment == found["gap_lab"]}
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
    lost = [cell for cell, result in cells.items() if not result.passed]
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
    messages = [result.message for result in graded[wrong].values() if result.message]
    quoted = sorted({line for message in messages for line in private if line in message})
    assert not quoted, f"{wrong}: a failure message quotes hidden or solution code: {quoted[:5]}"



def test_every_right_answer_names_an_answer_cell(course):
    for right in RIGHT_ANSWERS:
        source_nb = notebooks.read(course.notebook("source", right.assignment))
        answers = {notebooks.grade_id(cell) for cell in source_nb.cells if notebooks.is_answer(cell)}
        tests = {notebooks.grade_id(cell) for cell in source_nb.cells if notebooks.is_test(cell)}
        assert right.answer_id in answers, f"{right}: no answer cell {right.answer_id}"
        assert set(right.header("expect-lost")) <= tests, f"{right}: expect-lost names an unknown test cell"


@pytest.mark.slow
@pytest.mark.parametrize("right", RIGHT_ANSWERS, ids=str)
def test_right_answer_keeps_its_points(course, graded, right):
    exercise = exercise_of(course, right)
    cells = graded[right]
    assert set(exercise.test_ids) <= set(cells), f"{right}: the test cells run were {sorted(cells)}"
    expected_lost = set(right.header("expect-lost"))
    lost = {cell for cell, result in cells.items() if not result.passed}
    assert lost == expected_lost, (f"{right}: lost the points of {sorted(lost)} (expected to lose "
                                   f"{sorted(expected_lost) or 'none'}): {cells}")
    messages = " ".join(cells[cell].message for cell in expected_lost)
    for words in right.header("expect-message"):
        assert words in messages, f"{right}: the error of {sorted(expected_lost)} does not say {words!r}: {messages}"


def test_the_agreement_sample_is_complete():
    assert len(AGREEMENT_SAMPLE) == 5, [str(fixture) for fixture in AGREEMENT_SAMPLE]


@pytest.fixture(scope="module")
def by_nbgrader(tmp_path_factory):
    """The temp course in which the `grade` command graded the sample."""
    return grade_answer_fixtures(tmp_path_factory.mktemp("agreement"), AGREEMENT_SAMPLE)


@pytest.mark.slow
@pytest.mark.parametrize("sampled", AGREEMENT_SAMPLE, ids=str)
def test_in_process_and_nbgrader_agree(by_nbgrader, graded, sampled):
    course = by_nbgrader
    grades = course.cell_scores(sampled.assignment, sampled.student_id)
    here = {cell: result.passed for cell, result in graded[sampled].items()}
    by_autograde = {cell: grades[cell][0] == grades[cell][1] for cell in here}
    assert set(exercise_of(course, sampled).test_ids) <= set(here)
    assert here == by_autograde, f"{sampled}: in process {here}, nbgrader {by_autograde}"
    assert not all(here.values()) or sampled.path.parent.name == "right_answers"


# The surprise gap.

def test_the_gap_files_name_labs_wrong_answers_and_reasons(course):
    expected = answer_fixtures.lab_files(REPO_ROOT, GAP_FILE)
    strays = sorted(set(expected) - set(LABS))
    assert not strays, f"{GAP_FILE} files of assignments that are not labs: {strays}"
    names = {wrong.name for wrong in WRONG_ANSWERS}
    unknown = [f"{lab}/{name}" for lab, entries in expected.items() for name in entries if name not in names]
    assert not unknown, f"{GAP_FILE} files name wrong answers that do not exist: {unknown}"
    unexplained = [f"{lab}/{name}: {reason!r}" for lab, entries in expected.items()
                   for name, reason in entries.items() if not str(reason).startswith(GAP_REASONS)]
    assert not unexplained, f"reasons must start with one of {GAP_REASONS}:\n" + "\n".join(unexplained)


def test_the_quizzes_are_left_out_of_the_gap_and_said_to_be(course, capsys):
    assert surprise_gap.main(course, ["quiz*"]) == 0
    out = capsys.readouterr().out
    assert surprise_gap.QUIZ_NOTE in out and "Total: 0 of 0" in out


@pytest.mark.slow
@pytest.mark.parametrize("gap_lab", LABS)
def test_the_surprise_gap_is_as_expected(course, graded, gap_lab):
    gap = surprise_gap.gap_of(course, gap_lab, {wrong: graded[wrong] for wrong in WRONG_ANSWERS
                                                if wrong.assignment == gap_lab})
    listed = set(answer_fixtures.lab_files(REPO_ROOT, GAP_FILE).get(gap_lab) or {})
    new, closed = sorted(gap.names - listed), sorted(listed - gap.names)
    assert not new and not closed, (
        f"{gap_lab}: " + (f"wrong answers that now pass every public check (add a public check, or list them in "
                          f"tests/labs/{gap_lab}/{GAP_FILE} with a reason): {new}. " if new else "")
        + (f"listed wrong answers that now fail a public check (the gap is closed: remove them from "
           f"tests/labs/{gap_lab}/{GAP_FILE}): {closed}." if closed else ""))
