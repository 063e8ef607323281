"""The main job, run for real in a temp copy of the course: nbgrader generate, autograde, feedback, export.

Expected scores sit beside the sample students (course_utils/grading/samples.py): the points of the exercises each
one solves (the blank one is the release notebook: it scores nothing on any graded cell). The perfect submission's
cells, as the grader ran them, print their progress where they train or run long. A real student's folder placed in
submitted/ beforehand must come through untouched and ungraded. Re-runs are checked on the same course, last: the job
runs again for the graded lab, which trains the longest (``--assignment``), and the same submissions must get the
same grades, cell by cell, the same autograded notebooks (only the cells' execution timestamps may differ) and the
same feedback pages.
"""
import csv
import hashlib
import json
from datetime import datetime

import pytest

from conftest import ASSIGNMENTS, COURSE, scratch_course
from course_utils.grading import notebooks
from course_utils.grading.feedback import leaked_lines, visible_text
from course_utils.grading.samples import SAMPLE_STUDENTS

REAL_STUDENT = "real_student_ada"
STUDENTS = {student.student_id: student for student in SAMPLE_STUDENTS}
PERFECT = next(student.student_id for student in SAMPLE_STUDENTS if student.solves == "all")
# A cell that trains (calls fit) must print its progress as it goes, and so must any other cell that runs longer
# than this, but the setup cell (it imports TensorFlow: a few seconds, more on a busy machine, nothing to report).
LONG_CELL_SECONDS = 10.0


def folder_digest(folder):
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


# It trains Keras models (as do the other labs, seeded the same way: setup_lab), where a regrade could come out
# otherwise.
RERUN_ASSIGNMENTS = ("practice_lab_digits",)


def course_with_a_real_student(root):
    """A temp copy of the course with a real student's submission of every assignment."""
    course = scratch_course(root)
    for assignment in ASSIGNMENTS:
        real = course.notebook("submitted", assignment, REAL_STUDENT)
        real.parent.mkdir(parents=True)
        real.write_bytes(course.notebook("release", assignment).read_bytes())
    return course, folder_digest(course.root / "submitted" / REAL_STUDENT)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The temp course after one run of the main job, the run's outcome, and the real student's folder digest."""
    course, real_before = course_with_a_real_student(tmp_path_factory.mktemp("course"))
    return course, course.main_job(), real_before


def graded_state(course, assignments):
    """{(student, assignment): (its cell scores, its autograded cells without their execution timestamps, its
    feedback page)} for every sample student."""
    state = {}
    with course.gradebook() as gradebook:
        for student in STUDENTS:
            for assignment in assignments:
                grades = gradebook.find_submission_notebook(assignment, assignment, student).grades
                autograded = notebooks.read(course.notebook("autograded", assignment, student))
                for cell in autograded.cells:
                    cell.get("metadata", {}).pop("execution", None)
                state[(student, assignment)] = (
                    {grade.name: (grade.auto_score, grade.manual_score, grade.needs_manual_grade) for grade in grades},
                    autograded.cells, course.notebook("feedback", assignment, student).read_text())
    return state


@pytest.fixture(scope="module")
def rerun(graded):
    """The graded course after a second run of the main job for RERUN_ASSIGNMENTS: both runs' outcomes, what each
    left graded of them (None after a failed run), and the real student's digest. Used by the file's last tests."""
    course, first, real_before = graded
    states = [graded_state(course, RERUN_ASSIGNMENTS) if first.returncode == 0 else None]
    second = course.main_job(*(f"--assignment={assignment}" for assignment in RERUN_ASSIGNMENTS))
    states.append(graded_state(course, RERUN_ASSIGNMENTS) if second.returncode == 0 else None)
    return course, [first, second], states, real_before


def score_table_of(output):
    return output[output.index("Scores"):output.index("Grades CSV:")]


def scores(course):
    """{(student, assignment): score} for every submission in the course's gradebook."""
    return {(student, assignment): score for (assignment, student), (score, _) in course.scores().items()}


def check_run(run):
    assert run.returncode == 0, f"the main job failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    for student in STUDENTS:
        assert student in run.stdout
    assert "Grades CSV:" in run.stdout and "Feedback" in run.stdout


def test_main_job_succeeds_and_prints_the_table(graded):
    _, run, _ = graded
    check_run(run)
    for assignment in ASSIGNMENTS:
        assert assignment in score_table_of(run.stdout)


@pytest.mark.parametrize("student_id", STUDENTS)
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_sample_student_gets_the_expected_score(graded, student_id, assignment):
    course, _, _ = graded
    source_nb = notebooks.read(COURSE.notebook("source", assignment))
    expected = STUDENTS[student_id].expected_score(source_nb)
    assert scores(course)[(student_id, assignment)] == pytest.approx(expected), (
        f"{student_id} ({STUDENTS[student_id].description}) on {assignment}")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_scores_are_ordered_and_editing_tests_gains_nothing(graded, assignment):
    course, _, _ = graded
    got = {student: scores(course)[(student, assignment)] for student in STUDENTS}
    total = notebooks.total_points(notebooks.read(COURSE.notebook("source", assignment)))
    assert got["sample_perfect"] == total
    assert got["sample_blank"] == 0
    assert 0 < got["sample_partial"] < total
    assert got["sample_test_editor"] == got["sample_partial"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_blank_submission_scores_zero_on_every_graded_cell(graded, assignment):
    course, _, _ = graded
    with course.gradebook() as gradebook:
        grades = gradebook.find_submission_notebook(assignment, assignment, "sample_blank").grades
        cell_scores = {grade.name: grade.score for grade in grades}
    assert cell_scores and all(score == 0 for score in cell_scores.values()), cell_scores


def seconds(cell):
    """How long a cell ran, from the timing nbclient records in its metadata (0 when it has none)."""
    timing = cell.metadata.get("execution", {})
    if "iopub.execute_input" not in timing or "shell.execute_reply" not in timing:
        return 0.0
    started, ended = (datetime.fromisoformat(timing[key].replace("Z", "+00:00"))
                      for key in ("iopub.execute_input", "shell.execute_reply"))
    return (ended - started).total_seconds()


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_training_and_other_long_cells_show_their_progress(graded, assignment):
    course, _, _ = graded
    nb = notebooks.read(course.notebook("autograded", assignment, PERFECT))
    silent = [f"cell {index + 1} ({cell.source.splitlines()[0][:60]!r}) "
              + ("trains" if ".fit(" in cell.source else f"runs {seconds(cell):.1f} s") + " and prints nothing"
              for index, cell in enumerate(nb.cells)
              if cell.cell_type == "code" and "setup_lab(" not in cell.source
              and (".fit(" in cell.source or seconds(cell) > LONG_CELL_SECONDS)
              and not any(output.get("output_type") == "stream" for output in cell.outputs)]
    assert not silent, (f"{assignment}: long cells should print progress (e.g. course_utils.training.EpochProgress):"
                        "\n" + "\n".join(silent))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_graded_notebook_keeps_every_figure(graded, assignment):
    """What the student sees in the autograded notebook and its feedback page: every cell that shows a figure
    (plt.show()) has it, as an image (forked kernels lost them: TensorFlow had imported matplotlib in their
    template before the kernel chose its inline backend)."""
    course, _, _ = graded
    nb = notebooks.read(course.notebook("autograded", assignment, PERFECT))
    missing = [f"cell {index + 1} ({cell.source.splitlines()[0][:60]!r})" for index, cell in enumerate(nb.cells)
               if cell.cell_type == "code" and "plt.show()" in cell.source
               and not any("image/png" in output.get("data", {}) for output in cell.outputs)]
    assert not missing, f"{assignment}: these cells show no figure in the graded notebook: {', '.join(missing)}"


def test_grades_csv_lists_every_sample_submission(graded):
    course, _, _ = graded
    with open(course.grades_csv) as handle:
        rows = {(row["student_id"], row["assignment"]): float(row["score"]) for row in csv.DictReader(handle)}
    assert rows == {key: value for key, value in scores(course).items()}


def test_the_whole_gradebook_export_has_every_sample_submissions_cell_scores(graded):
    course, _, _ = graded
    data = json.loads(course.gradebook_json.read_text())
    exported = {(s["student"], s["assignment"]): sum(grade["auto_score"] for notebook in s["notebooks"]
                                                      for grade in notebook["grades"])
                for s in data["submissions"]}
    assert exported == pytest.approx(scores(course))


@pytest.mark.parametrize("student_id", STUDENTS)
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_feedback_reveals_no_hidden_test(graded, student_id, assignment):
    course, _, _ = graded
    page = course.notebook("feedback", assignment, student_id).read_text()
    text = visible_text(page)
    leaked = leaked_lines(page, notebooks.read(COURSE.notebook("source", assignment)), notebooks.hidden_test_lines)
    assert not leaked, f"feedback of {student_id} shows hidden test lines: {leaked[:5]}"
    assert "course_utils.reference" not in text and "BEGIN HIDDEN" not in text


def test_real_students_are_left_alone(graded):
    course, _, real_before = graded
    assert folder_digest(course.root / "submitted" / REAL_STUDENT) == real_before
    assert not (course.root / "autograded" / REAL_STUDENT).exists()
    assert not (course.root / "feedback" / REAL_STUDENT).exists()


QUIZZES = [assignment for assignment in ASSIGNMENTS if assignment.startswith("quiz")]


def quiz_keys(quiz):
    """{answer name: Key} of a quiz, read from its source notebook."""
    from course_utils.reference.quizzes import keys

    keyed = keys(notebooks.read(COURSE.notebook("source", quiz)))
    assert len(keyed) == 5, f"{quiz}: the keys of {sorted(keyed)} found in its source notebook"
    return keyed


@pytest.mark.parametrize("student_id", STUDENTS)
@pytest.mark.parametrize("quiz", QUIZZES)
def test_quiz_feedback_explains_every_answer(graded, student_id, quiz):
    course, _, _ = graded
    text = visible_text(course.notebook("feedback", quiz, student_id).read_text())
    missing = [name for name, key in quiz_keys(quiz).items() if key.explanation not in text]
    assert not missing, f"the feedback of {student_id} on {quiz} does not explain {missing}"


@pytest.mark.parametrize("quiz", QUIZZES)
def test_quiz_release_explains_nothing(quiz):
    release_text = COURSE.notebook("release", quiz).read_text()
    leaked = [name for name, key in quiz_keys(quiz).items() if key.explanation[:40] in release_text]
    assert not leaked, f"release/{quiz} contains the explanations of {leaked}"


# Last: the re-run grades RERUN_ASSIGNMENTS again in the course the tests above read.
def test_a_second_run_is_safe_and_gives_the_same_scores(rerun):
    course, runs, _, real_before = rerun
    for run in runs:
        check_run(run)
    assert score_table_of(runs[0].stdout) == score_table_of(runs[1].stdout), "a second run changed the scores"
    assert folder_digest(course.root / "submitted" / REAL_STUDENT) == real_before
    assert not (course.root / "autograded" / REAL_STUDENT).exists()


@pytest.mark.parametrize("student_id", STUDENTS)
@pytest.mark.parametrize("assignment", RERUN_ASSIGNMENTS)
def test_regrading_gives_the_same_cell_scores_notebook_and_feedback(rerun, student_id, assignment):
    _, _, states, _ = rerun
    assert None not in states, "a run of the main job failed (test_a_second_run_is_safe_and_gives_the_same_scores)"
    (scores_1, cells_1, feedback_1), (scores_2, cells_2, feedback_2) = (state[(student_id, assignment)]
                                                                          for state in states)
    assert scores_1 and scores_1 == scores_2
    assert len(cells_1) == len(cells_2)
    for index, (one, two) in enumerate(zip(cells_1, cells_2)):
        where = f"{assignment}, {student_id}: cell {index} ({notebooks.grade_id(one) or 'ungraded'})"
        assert one.get("outputs") == two.get("outputs"), f"{where}: the outputs differ between two gradings"
        assert one == two, f"{where}: differs between two gradings"
    if feedback_1 != feedback_2:
        diff = [(a, b) for a, b in zip(feedback_1.split("\n"), feedback_2.split("\n")) if a != b]
        pytest.fail(f"{assignment}, {student_id}: the feedback pages differ, first lines: {diff[:5]}")
