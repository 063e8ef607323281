"""What a real `nbgrader autograde` and `generate_feedback` write, in a temp copy of the course: the student's feedback
page (offline, wrapped, plain about what failed) and the instructor's autograde log (no false alarms).

lab3_softmax: sample_partial leaves exercise 3 unanswered; public_only's my_softmax is right only on inputs of the
lengths the public tests use, so its public tests pass and a hidden test fails. quiz1_training: sample_blank answers
nothing; sample_test_editor replaces every test cell. Each autograde run's log is kept apart.
"""
import re

import pytest

from browser.conftest import browser  # noqa: F401 (the fixture)
from conftest import scratch_course
from course_utils.grading import notebooks
from course_utils.grading.feedback import (HIDDEN_FAILED, HIDDEN_FAILED_NOTE, HIDDEN_TRACEBACK_NOTE, NOT_ANSWERED,
                                           leaked_lines, visible_text)
from course_utils.grading.samples import SAMPLE_STUDENTS, make_submission, with_answer
from test_feedback import formulas

LAB, QUIZ = "lab3_softmax", "quiz1_training"
STUDENTS = {student.student_id: student for student in SAMPLE_STUDENTS}
PUBLIC_ONLY_SOFTMAX = '''def my_softmax(z):
    """Right for the lengths the public tests use (3 and 4), equal shares otherwise."""
    if len(z) in (3, 4):
        return np.exp(z) / np.sum(np.exp(z))
    return np.full(len(z), 1 / len(z))
'''
# Who hands in what, and the autograde runs (each run's log is checked on its own).
SUBMISSIONS = {(LAB, "sample_partial"), (LAB, "public_only"), (QUIZ, "sample_blank"), (QUIZ, "sample_test_editor")}
RUNS = {"lab untouched": (LAB,), "quiz untouched": (QUIZ, "--student=sample_blank"),
        "quiz tests edited": (QUIZ, "--student=sample_test_editor")}
EXTERNAL = re.compile(r"<(script|link|img)\b[^>]*\b(src|href)\s*=\s*[\"']?\s*(https?:)?//", re.IGNORECASE)


def submission(course, assignment, student_id):
    source_nb = notebooks.read(course.notebook("source", assignment))
    release_nb = notebooks.read(course.notebook("release", assignment))
    if student_id == "public_only":
        return with_answer(make_submission(STUDENTS["sample_perfect"], source_nb, release_nb), "ex1_my_softmax",
                           PUBLIC_ONLY_SOFTMAX)
    return make_submission(STUDENTS[student_id], source_nb, release_nb)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """(course, {run: its autograde log}) once every submission is autograded and has its feedback page."""
    course = scratch_course(tmp_path_factory.mktemp("grading-output"), [LAB, QUIZ])
    logs = {}
    for assignment in (LAB, QUIZ):
        generated = course.nbgrader("generate_assignment", assignment, "--force")
        assert generated.returncode == 0, generated.stdout + generated.stderr
    for assignment, student_id in SUBMISSIONS:
        course.submit(assignment, student_id, submission(course, assignment, student_id))
    for run, args in RUNS.items():
        result = course.nbgrader("autograde", *args)
        logs[run] = result.stdout + result.stderr
        assert result.returncode == 0, logs[run][-4000:]
    for assignment in (LAB, QUIZ):
        feedback = course.nbgrader("generate_feedback", assignment)
        assert feedback.returncode == 0, (feedback.stdout + feedback.stderr)[-4000:]
    return course, logs


def page(course, assignment, student_id):
    return course.notebook("feedback", assignment, student_id).read_text()


# The instructor's log.

@pytest.mark.slow
@pytest.mark.parametrize("run", ["lab untouched", "quiz untouched"])
def test_an_untouched_submissions_log_has_no_false_alarm(graded, run):
    """nbgrader 0.9.6 warned that every test cell with hidden tests had changed (its issue #1961), and SQLAlchemy
    that each new submission was not in its session."""
    log = graded[1][run]
    alarms = [line for line in log.splitlines() if re.search(r"checksum|has changed|was edited|SAWarning", line)]
    assert not alarms, f"{run}: the autograde log raises false alarms:\n" + "\n".join(alarms)


@pytest.mark.slow
def test_an_edited_test_cell_is_named_in_the_log(graded):
    course, logs = graded
    warnings = [line for line in logs["quiz tests edited"].splitlines() if "WARNING" in line]
    test_cells = [notebooks.grade_id(cell) for cell in notebooks.read(course.notebook("source", QUIZ)).cells
                  if notebooks.is_test(cell)]
    path = course.notebook("submitted", QUIZ, "sample_test_editor")
    unnamed = [cell for cell in test_cells
               if not any(f"locked cell {cell} was edited" in line and str(path) in line for line in warnings)]
    assert not unnamed, f"no warning names the edited cells {unnamed} of {path}:\n" + "\n".join(warnings)


# The student's page.

@pytest.mark.slow
@pytest.mark.parametrize("assignment, student_id", sorted(SUBMISSIONS))
def test_the_page_loads_nothing_from_the_network(graded, assignment, student_id):
    html = page(graded[0], assignment, student_id)
    assert not EXTERNAL.search(html), EXTERNAL.search(html).group(0)
    assert "mathjax" not in html.lower()


@pytest.mark.slow
def test_every_formula_of_the_lab_is_mathml(graded):
    course = graded[0]
    expected = sum(len(formulas(cell.source)) for cell in notebooks.read(course.notebook("source", LAB)).cells
                   if cell.cell_type == "markdown")
    html = page(course, LAB, "sample_partial")
    assert expected > 20 and html.count("<math ") == expected
    assert '<math display="block">' in html and 'class="unrendered-math"' not in html


@pytest.mark.slow
def test_an_unanswered_exercise_says_so(graded):
    course = graded[0]
    lab_text = visible_text(page(course, LAB, "sample_partial"))
    assert lab_text.count(NOT_ANSWERED) == 1  # exercise 3
    quiz_text = visible_text(page(course, QUIZ, "sample_blank"))
    assert quiz_text.count(NOT_ANSWERED) == 5
    for text in (lab_text, quiz_text):
        assert not re.search(rf"(Error|Exception):\s*\n{re.escape(HIDDEN_TRACEBACK_NOTE)}", text), \
            "an empty error message is followed by the note that points at it"


@pytest.mark.slow
def test_a_hidden_test_failure_is_labelled_and_shows_no_hidden_code(graded):
    course = graded[0]
    html = page(course, LAB, "public_only")
    text = visible_text(html)
    assert re.search(rf"all public tests passed\.\s*\n\s*{re.escape(HIDDEN_FAILED)}my_softmax on a random vector", text)
    assert HIDDEN_FAILED_NOTE in text and text.count(HIDDEN_FAILED) == 1
    own = {line.strip() for cell in notebooks.read(course.notebook("submitted", LAB, "public_only")).cells
           for line in cell.source.splitlines()}
    source_nb = notebooks.read(course.notebook("source", LAB))
    assert not leaked_lines(html, source_nb, notebooks.hidden_test_lines, allowed=own)


@pytest.mark.slow
@pytest.mark.parametrize("assignment, student_id", [(LAB, "public_only"), (QUIZ, "sample_blank")])
def test_in_a_browser_long_lines_wrap_and_formulas_are_drawn(graded, browser, assignment, student_id):  # noqa: F811
    """No output or error block scrolls sideways (a quiz explanation, a check's message, a figure), and every
    formula is laid out by the browser's own MathML engine."""
    view = browser.new_page(viewport={"width": 900, "height": 1000})
    view.goto(graded[0].notebook("feedback", assignment, student_id).as_uri())
    hidden_overflow = view.evaluate("""() => Array.from(document.querySelectorAll('div.output_area, div.output_area *'))
        .filter(block => block.scrollWidth > block.clientWidth + 1).map(block => block.innerText.slice(0, 80))""")
    assert not hidden_overflow, f"output blocks wider than the page: {hidden_overflow}"
    drawn, undrawn = view.evaluate("""() => {
        const formulas = Array.from(document.querySelectorAll('math'));
        const undrawn = formulas.filter(math => !(math instanceof MathMLElement)
                                                || math.getBoundingClientRect().width === 0);
        return [formulas.length - undrawn.length, undrawn.map(math => math.textContent)];
    }""")
    assert drawn and not undrawn, f"formulas the browser did not draw: {undrawn[:5]}"
    view.close()
