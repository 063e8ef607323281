"""Typical wrong answers lose their exercise's points under a real `nbgrader autograde`.

Each fixture in tests/fixtures/wrong_answers/<assignment>/<answer cell>--<what it does wrong>.py replaces one answer
cell of an otherwise perfect submission. Expected outcome, the same for all of them: the test cells of that exercise
score below their points, so the submission scores below full marks. Each one's feedback page (one
`nbgrader generate_feedback` per assignment) shows no hidden-test line and no solution line the student did not write,
and each error a test cell raised names no hidden code in its message.
"""
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO_ROOT, copy_course, nbgrader
from course_utils.grading import notebooks
from course_utils.grading.config import gradebook_url
from course_utils.grading.feedback import MIN_LEAK_LENGTH, leaked_lines
from course_utils.grading.samples import SAMPLE_STUDENTS, make_submission, with_answer
from nbgrader.api import Gradebook

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "wrong_answers"
PERFECT = next(student for student in SAMPLE_STUDENTS if student.solves == "all")


@dataclass(frozen=True)
class WrongAnswer:
    path: Path

    @property
    def assignment(self):
        return self.path.parent.name

    @property
    def answer_id(self):
        return self.path.stem.split("--")[0]

    @property
    def student_id(self):
        return "wrong_" + self.path.stem.replace("--", "__").replace("-", "_")

    def __str__(self):
        return f"{self.assignment}/{self.path.stem}"


WRONG_ANSWERS = [WrongAnswer(path) for path in sorted(FIXTURES.glob("*/*.py"))]


def grade_wrong_answers(root, assignment):
    """Grade every wrong answer of one assignment in one autograde run in a temp course under ``root``."""
    course = copy_course(root)
    run = lambda *args: nbgrader(course, *args)  # noqa: E731
    generated = run("generate_assignment", assignment, "--force")
    assert generated.returncode == 0, generated.stdout + generated.stderr
    source_nb = notebooks.read(course.notebook("source", assignment))
    perfect = make_submission(PERFECT, source_nb, notebooks.read(course.notebook("release", assignment)))
    for wrong in WRONG_ANSWERS:
        if wrong.assignment == assignment:
            submission = with_answer(perfect, wrong.answer_id, wrong.path.read_text())
            notebooks.write(submission, course.notebook("submitted", assignment, wrong.student_id))
    graded = run("autograde", assignment, "--student=wrong_*", "--force")
    if graded.returncode != 0:
        # nbgrader removes the output of a submission it failed on (e.g. a kernel that could not start under load);
        # a second run without --force grades just those again. A submission that breaks the grader fails twice.
        graded = run("autograde", assignment, "--student=wrong_*")
    log = graded.stdout + graded.stderr
    assert graded.returncode == 0, log[log.find("Traceback"):][:4000] if "Traceback" in log else log[-4000:]
    feedback = run("generate_feedback", assignment, "--student=wrong_*", "--force")
    assert feedback.returncode == 0, (feedback.stdout + feedback.stderr)[-4000:]
    return course


@pytest.fixture(scope="module")
def graded_courses(request, tmp_path_factory):
    """{assignment: the temp course in which its wrong answers were graded}, for the assignments of the selected
    tests; two assignments are graded at a time."""
    assignments = sorted({item.callspec.params["wrong"].assignment for item in request.session.items
                          if "wrong" in getattr(getattr(item, "callspec", None), "params", {})})
    roots = [tmp_path_factory.mktemp(f"wrong-{assignment}") for assignment in assignments]  # not thread-safe
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(assignments, pool.map(grade_wrong_answers, roots, assignments)))


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
    source_nb = notebooks.read(course.notebook("source", wrong.assignment))
    (exercise,) = [e for e in notebooks.exercises(source_nb) if wrong.answer_id in e.answer_ids]
    with Gradebook(gradebook_url(course)) as gradebook:
        submission = gradebook.find_submission(wrong.assignment, wrong.student_id)
        grades = {grade.name: (grade.score, grade.max_score)
                  for grade in gradebook.find_submission_notebook(wrong.assignment, wrong.assignment,
                                                                  wrong.student_id).grades}
        total, possible = submission.score, submission.max_score
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
