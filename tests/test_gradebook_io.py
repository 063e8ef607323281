"""The whole-gradebook export (course_utils/grading/gradebook_io.py) loses nothing on a re-import.

A temp course grades two quizzes for two sample students with `nbgrader autograde`; then, through nbgrader's Gradebook
API, an instructor names the students, gives a manual score, extra credit, a comment, an extension, a due date, a late
penalty and a flag. Export, import into a fresh gradebook, export again: the two files are byte-identical, and so are
the `nbgrader export` CSVs of the two gradebooks.
"""
import datetime
import json

import pytest
from nbgrader.api import (Assignment, BaseCell, Comment, Course, Grade, GradeCell, Gradebook, Notebook, SolutionCell,
                          SourceCell, Student, SubmittedAssignment, SubmittedNotebook, TaskCell)

from conftest import grading_env, scratch_course
from course_utils.grading import gradebook_io
from course_utils.grading.config import gradebook_url
from course_utils.grading.samples import SAMPLE_STUDENTS

QUIZZES = ("quiz1_training", "quiz2_activations")
STUDENTS = {student.student_id: student for student in SAMPLE_STUDENTS
            if student.student_id in ("sample_perfect", "sample_partial")}
NAMES = {"sample_perfect": ("Ada", "Lovelace", "ada@example.org"),
         "sample_partial": ("Émile", "Borel", "emile.borel@example.org")}


def succeeded(result):
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return result


def instructor_edits(db_url):
    """What an instructor adds by hand after autograding, through the Gradebook API."""
    with Gradebook(db_url, course_id="nn-training") as gradebook:
        for student_id, (first, last, email) in NAMES.items():
            gradebook.update_or_create_student(student_id, first_name=first, last_name=last, email=email,
                                               lms_user_id=f"lms-{last.lower()}")
        gradebook.update_or_create_assignment("quiz1_training", duedate="2026-03-02 17:00:00 Europe/Paris")
        grade = gradebook.find_grade("q1_check", "quiz2_activations", "quiz2_activations", "sample_partial")
        grade.manual_score = 1.5
        grade = gradebook.find_grade("q2_check", "quiz1_training", "quiz1_training", "sample_perfect")
        grade.extra_credit = 0.25
        comment = gradebook.find_comment("q1", "quiz1_training", "quiz1_training", "sample_partial")
        comment.manual_comment = "Good: binary cross-entropy.\nSee the feedback for question 2, « l'époque »."
        notebook = gradebook.find_submission_notebook("quiz1_training", "quiz1_training", "sample_partial")
        notebook.late_submission_penalty = 2.0
        notebook.flagged = True
        gradebook.db.commit()
        gradebook.grant_extension("quiz1_training", "sample_partial", hours=36, minutes=5)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = scratch_course(tmp_path_factory.mktemp("gradebook-io"), QUIZZES)
    succeeded(course.nbgrader("generate_assignment", "*", "--force"))
    for quiz in QUIZZES:
        for student in STUDENTS.values():
            path = course.submit_sample(quiz, student)
            (path.parent / "timestamp.txt").write_text("2026-03-03 09:15:42.123456 UTC")
        succeeded(course.nbgrader("autograde", quiz, "--student=sample_*", "--force"))
    instructor_edits(gradebook_url(course))
    return course


@pytest.fixture(scope="module")
def round_trip(graded, tmp_path_factory):
    """(first export, the fresh gradebook's URL, second export) as bytes and URL."""
    folder = tmp_path_factory.mktemp("round-trip")
    fresh_url = f"sqlite:///{folder / 'fresh.db'}"
    succeeded(graded.run("export-gradebook", str(folder / "first.json"), "--root", str(graded.root)))
    succeeded(graded.run("import-gradebook", str(folder / "first.json"), "--db", fresh_url))
    succeeded(graded.run("export-gradebook", str(folder / "second.json"), "--db", fresh_url))
    return (folder / "first.json").read_bytes(), fresh_url, (folder / "second.json").read_bytes()


@pytest.mark.slow
def test_export_import_export_is_byte_identical(round_trip):
    first, _, second = round_trip
    assert first == second


@pytest.mark.slow
def test_the_export_holds_the_instructors_edits(round_trip):
    data = json.loads(round_trip[0])
    students = {student["id"]: student for student in data["students"]}
    assert students["sample_partial"]["email"] == "emile.borel@example.org"
    assert students["sample_perfect"]["lms_user_id"] == "lms-lovelace"
    (quiz1,) = [a for a in data["assignments"] if a["name"] == "quiz1_training"]
    assert quiz1["duedate"] == "2026-03-02T16:00:00"
    assert {cell["name"] for cell in quiz1["notebooks"][0]["grade_cells"]} >= {"q1_check", "q2_check"}
    assert sum(cell["max_score"] for cell in quiz1["notebooks"][0]["grade_cells"]) == 10
    submissions = {(s["assignment"], s["student"]): s for s in data["submissions"]}
    assert len(submissions) == len(QUIZZES) * len(STUDENTS)
    late = submissions[("quiz1_training", "sample_partial")]
    assert late["timestamp"] == "2026-03-03T09:15:42.123456"
    assert late["extension"] == {"days": 1, "seconds": 12 * 3600 + 300, "microseconds": 0}
    (notebook,) = late["notebooks"]
    assert notebook["late_submission_penalty"] == 2.0 and notebook["flagged"] is True
    assert any(c["manual_comment"] and "l'époque" in c["manual_comment"] for c in notebook["comments"])
    grades = {(key, g["cell"]): g for key, s in submissions.items() for g in s["notebooks"][0]["grades"]}
    assert grades[(("quiz2_activations", "sample_partial"), "q1_check")]["manual_score"] == 1.5
    assert grades[(("quiz1_training", "sample_perfect"), "q2_check")]["extra_credit"] == 0.25
    assert grades[(("quiz1_training", "sample_perfect"), "q2_check")]["auto_score"] == 2.0


@pytest.mark.slow
def test_nbgrader_csv_export_of_both_gradebooks_is_identical(graded, round_trip, tmp_path):
    _, fresh_url, _ = round_trip
    succeeded(graded.nbgrader("export", f"--to={tmp_path / 'original.csv'}"))
    succeeded(graded.nbgrader("export", f"--to={tmp_path / 'fresh.csv'}",
                              env=grading_env({"COURSE_DB_URL": fresh_url})))
    original = (tmp_path / "original.csv").read_text()
    assert original == (tmp_path / "fresh.csv").read_text()
    assert "Borel" in original and "2026-03-03 09:15:42.123456" in original


@pytest.mark.slow
def test_the_nbgrader_exporter_writes_the_same_file(graded, round_trip, tmp_path):
    exporter = "--exporter=course_utils.grading.gradebook_io.GradebookJsonExporter"
    succeeded(graded.nbgrader("export", exporter, f"--to={tmp_path / 'via-nbgrader.json'}"))
    assert (tmp_path / "via-nbgrader.json").read_bytes() == round_trip[0]


@pytest.mark.slow
def test_import_refuses_a_gradebook_that_is_not_empty(graded, round_trip, tmp_path):
    (tmp_path / "export.json").write_bytes(round_trip[0])
    result = graded.run("import-gradebook", str(tmp_path / "export.json"), "--db", round_trip[1])
    assert result.returncode == 1 and "empty" in result.stderr


KEYS = {"id", "type", "notebook_id", "assignment_id", "student_id", "cell_id"}  # generated ids, foreign keys


@pytest.mark.parametrize("model, kept", [
    (Course, {"id"}),
    (Student, {"id", *gradebook_io.STUDENT_FIELDS}),
    (Assignment, {"name", *gradebook_io.ASSIGNMENT_FIELDS}),
    (Notebook, {"name", *gradebook_io.NOTEBOOK_FIELDS}),
    (BaseCell, {"name"}),
    (GradeCell, {"name", *gradebook_io.GRADED_CELL_FIELDS}),
    (TaskCell, {"name", *gradebook_io.GRADED_CELL_FIELDS}),
    (SolutionCell, {"name"}),
    (SourceCell, {"name", *gradebook_io.SOURCE_CELL_FIELDS}),
    (SubmittedAssignment, {*gradebook_io.SUBMISSION_FIELDS}),
    (SubmittedNotebook, {*gradebook_io.SUBMITTED_NOTEBOOK_FIELDS}),
    (Grade, {*gradebook_io.GRADE_FIELDS}),
    (Comment, {*gradebook_io.COMMENT_FIELDS}),
], ids=lambda value: getattr(value, "__name__", ""))
def test_the_export_keeps_every_column_nbgrader_defines(model, kept):
    # (a cell type's own table holds only its own columns; the rest are in BaseCell's)
    columns = {column.name for cls in model.__mro__ if "__table__" in vars(cls) for column in cls.__table__.columns}
    assert not columns - KEYS - kept, f"{model.__name__}: columns {sorted(columns - KEYS - kept)} are not exported"
    assert kept <= columns, f"{model.__name__}: no columns {sorted(kept - columns)} (a newer nbgrader?)"


def test_a_round_trip_in_memory_keeps_timestamps_and_intervals_exact():
    value = datetime.timedelta(days=3, seconds=7, microseconds=11)
    assert gradebook_io._from_json("extension", gradebook_io._to_json(value)) == value
    moment = datetime.datetime(2026, 3, 3, 9, 15, 42, 123456)
    assert gradebook_io._from_json("timestamp", gradebook_io._to_json(moment)) == moment
