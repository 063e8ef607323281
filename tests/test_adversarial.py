"""Adversarial and broken submissions, graded by a real `nbgrader autograde` in a temp copy of the course.

Each case is a file tests/fixtures/adversarial/<what it does>.yaml: the assignment, the submission it starts from
(the perfect or the blank sample), the edits that make it adversarial or broken, and beside them the expected
outcome: the score (the points the submission earns honestly, never more), and the words the grading log, the
feedback page and the grading-problems page must contain. Two control students (perfect and blank) are graded in
the same runs: their grades must come out intact whatever the other submissions did.

The quiz's cells may run for COURSE_CELL_TIMEOUT = 10 s here (the course default is 120 s) so that the endless
loops cost little; the grader's handling of a timeout is the same either way. The lab trains models, so it keeps
the default.
"""
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from conftest import REPO_ROOT, grading_env, scratch_course
from course_utils.grading import notebooks
from course_utils.grading.diagnosis import PROBLEMS_PAGE, report_problems
from course_utils.grading.feedback import MIN_LEAK_LENGTH, leaked_lines, visible_text
from course_utils.grading.samples import SAMPLE_STUDENTS, make_submission, with_answer
from course_utils.grading.kernels.sandbox import INSTRUCTOR_PACKAGES

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "adversarial"
CASES = {path.stem: yaml.safe_load(path.read_text()) for path in sorted(FIXTURES.glob("*.yaml"))}
STUDENTS = {student.solves: student for student in SAMPLE_STUDENTS if not student.edits_tests}
BASES = {"perfect": STUDENTS["all"], "blank": STUDENTS["none"]}
CONTROLS = {"control_perfect": "perfect", "control_blank": "blank"}
CELL_TIMEOUTS = {"quiz1_training": "10"}
# The cases whose notebook nbgrader can grade (the others have no notebook of the right name or no readable one).
GRADED = [name for name, case in CASES.items()
          if not any(edit.get("file") in ("invalid_json", "missing", "rename") for edit in case["edits"])]


def student_id(case_name):
    return "adv_" + case_name.replace("-", "_")


def base_submission(course, assignment, base):
    return make_submission(BASES[base], notebooks.read(course.notebook("source", assignment)),
                           notebooks.read(course.notebook("release", assignment)))


def cell(nb, grade_id):
    (found,) = [candidate for candidate in nb.cells if notebooks.grade_id(candidate) == grade_id]
    return found


def apply_edit(nb, edit):
    """Apply one notebook edit of a case; return the notebook."""
    if "answer" in edit:
        return with_answer(nb, edit["answer"], edit["source"])
    if "delete" in edit:
        nb.cells = [candidate for candidate in nb.cells if notebooks.grade_id(candidate) != edit["delete"]]
        return nb
    if "add_cell_before" in edit:
        position = nb.cells.index(cell(nb, edit["add_cell_before"]))
        nb.cells.insert(position, notebooks.nbformat.v4.new_code_cell(edit["source"]))
        return nb
    if "kernelspec" in edit:
        nb.metadata["kernelspec"] = edit["kernelspec"]
        return nb
    target = cell(nb, edit.get("test") or edit.get("strip_metadata") or edit.get("set_metadata"))
    if "strip_metadata" in edit:
        target.metadata.pop("nbgrader")
    if "set_metadata" in edit:
        target.metadata["nbgrader"].update(edit["values"])
    if "source" in edit:
        target.source = edit["source"]
    return nb


def place_case(course, name, case):
    """Write the case's submission folder into the temp course."""
    assignment = case["assignment"]
    folder = course.root / "submitted" / student_id(name) / assignment
    folder.mkdir(parents=True)
    nb = base_submission(course, assignment, case["base"])
    target = folder / f"{assignment}.ipynb"
    for edit in case["edits"]:
        if edit.get("file") == "invalid_json":
            target.write_text(notebooks.nbformat.writes(nb)[:-200] + "\n  oops, the end of this file is gone\n")
            return
        if edit.get("file") == "missing":
            return
        if edit.get("file") == "rename":
            target = folder / edit["to"]
        elif edit.get("file") == "from_assignment":
            nb = base_submission(course, edit["assignment"], case["base"])
        elif "extra_file" in edit:
            (folder / edit["extra_file"]).parent.mkdir(parents=True, exist_ok=True)
            (folder / edit["extra_file"]).write_text(edit["content"])
        else:
            nb = apply_edit(nb, edit)
    notebooks.write(nb, target)


def grade(root, assignment):
    """Grade the controls and every case of ``assignment`` in one autograde run; return (course, log, problems)."""
    course = scratch_course(root)  # every assignment: a case may hand in another one's notebook
    env = grading_env({"COURSE_CELL_TIMEOUT": CELL_TIMEOUTS[assignment]} if assignment in CELL_TIMEOUTS else {})
    run = lambda *args: course.nbgrader(*args, env=env)  # noqa: E731
    generated = run("generate_assignment", assignment, "--force")
    assert generated.returncode == 0, generated.stdout + generated.stderr
    for control, base in CONTROLS.items():
        notebooks.write(base_submission(course, assignment, base), course.notebook("submitted", assignment, control))
    for name, case in CASES.items():
        if case["assignment"] == assignment:
            place_case(course, name, case)
    graded = run("autograde", assignment, "--force")
    feedback = run("generate_feedback", assignment, "--force")
    logged = []
    problems = report_problems(course, log=logged.append)
    return course, "\n".join([graded.stdout, graded.stderr, feedback.stdout, feedback.stderr, *logged]), problems


@pytest.fixture(scope="module")
def graded():
    """{assignment: (course, log, problems)}, the assignments graded two at a time."""
    import tempfile

    assignments = sorted({case["assignment"] for case in CASES.values()})
    base = Path(tempfile.mkdtemp(prefix="adversarial-"))
    roots = [base / assignment for assignment in assignments]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(assignments, pool.map(grade, roots, assignments)))


def score_of(course, assignment, student):
    """(score, max score) of the student's graded submission; (0, None) when it has none."""
    return course.scores().get((assignment, student), (0.0, None))


def log_lines_of(log, student):
    return [line for line in log.splitlines() if f"/{student}/" in line or line.startswith(f"{student}/")]


def test_every_case_says_what_it_does_and_what_must_happen():
    for name, case in CASES.items():
        assert {"assignment", "does", "base", "edits", "expect"} <= set(case), name
        assert "score" in case["expect"], name


@pytest.mark.parametrize("assignment", sorted({case["assignment"] for case in CASES.values()}))
@pytest.mark.parametrize("control", CONTROLS)
def test_other_students_grades_are_intact(graded, assignment, control):
    course, _, _ = graded[assignment]
    score, max_score = score_of(course, assignment, control)
    assert score == (max_score if CONTROLS[control] == "perfect" else 0), f"{control}: {score}/{max_score}"


@pytest.mark.parametrize("name", CASES)
def test_case_gets_its_expected_outcome(graded, name):
    case, expect = CASES[name], CASES[name]["expect"]
    assignment, student = case["assignment"], student_id(name)
    course, log, problems = graded[assignment]
    score, max_score = score_of(course, assignment, student)
    assert score == expect["score"], f"{name} ({case['does']}): expected score {expect['score']}, got {score}"
    if "max_score" in expect:
        assert max_score == expect["max_score"]
    student_log = "\n".join(log_lines_of(log, student))
    for words in expect.get("log", []):
        assert words in student_log, f"{name}: the grading log doesn't say {words!r}:\n{student_log[-3000:]}"
    feedback_page = course.notebook("feedback", assignment, student)
    for words in expect.get("feedback", []):
        assert words in visible_text(feedback_page.read_text()), f"{name}: the feedback doesn't say {words!r}"
    for words in expect.get("problem", []):
        assert any(words in problem for problem in problems.get((student, assignment), [])), (
            f"{name}: no grading problem mentions {words!r}: {problems.get((student, assignment))}")
        assert (course.root / "feedback" / student / assignment / PROBLEMS_PAGE).exists()
    if "problem" not in expect:
        assert (student, assignment) not in problems, problems[(student, assignment)]
    if "max_notebook_kb" in expect:
        size = course.notebook("autograded", assignment, student).stat().st_size
        assert size <= expect["max_notebook_kb"] * 1024, f"the autograded notebook is {size / 1024:.0f} KB"


@pytest.mark.parametrize("name", GRADED)
def test_feedback_shows_no_hidden_test_line(graded, name):
    assignment, student = CASES[name]["assignment"], student_id(name)
    course = graded[assignment][0]
    page = course.notebook("feedback", assignment, student)
    assert page.exists(), f"{name}: no feedback page"
    own_lines = {line.strip() for cell in notebooks.read(course.notebook("submitted", assignment, student)).cells
                 for line in cell.source.splitlines()}
    leaked = leaked_lines(page.read_text(), notebooks.read(course.notebook("source", assignment)),
                          notebooks.hidden_test_lines, allowed=own_lines)
    assert not leaked, f"{name}: the feedback shows hidden test lines: {leaked[:3]}"


def package_lines(instructor):
    """The stripped lines of the course package's Python files: the instructor's (INSTRUCTOR_PACKAGES) or the
    others."""
    package = REPO_ROOT / "course_utils"
    return {line.strip() for path in package.rglob("*.py")
            if (path.relative_to(package).parts[0] in INSTRUCTOR_PACKAGES) == instructor
            for line in path.read_text().splitlines()}


INSTRUCTOR_LINES = package_lines(instructor=True)
PUBLIC_LINES = package_lines(instructor=False) | {
    line.strip() for path in REPO_ROOT.glob("release/*/*.ipynb") for cell in notebooks.read(path).cells
    for line in cell.source.splitlines()}


@pytest.mark.parametrize("name", GRADED)
def test_feedback_shows_no_instructor_code(graded, name):
    """No line of the reference solutions, the answer keys or the grading code reaches the student's feedback, whatever
    the submission printed (lines students have anyway, in the package or the notebook, aside)."""
    assignment, student = CASES[name]["assignment"], student_id(name)
    page = graded[assignment][0].notebook("feedback", assignment, student)
    own_lines = {line.strip() for cell in notebooks.read(graded[assignment][0].notebook("submitted", assignment,
                                                                                         student)).cells
                 for line in cell.source.splitlines()}
    secret = {line for line in INSTRUCTOR_LINES - PUBLIC_LINES - own_lines if len(line) >= MIN_LEAK_LENGTH}
    shown = {line.strip() for line in visible_text(page.read_text()).split("\n")}
    leaked = sorted(secret & shown)
    assert not leaked, f"{name}: the feedback shows {len(leaked)} lines of instructor code, e.g. {leaked[:3]}"
