"""The whole gradebook as one JSON file, and back: a backup, or a move to another database (SQLite, PostgreSQL, ...).

``nbgrader export`` writes one CSV row per student and assignment; this keeps everything the gradebook holds:
students (names, emails, LMS ids), assignments with their due dates, notebooks, grade / solution / task / source cells
(max scores, locked sources and their checksums), and every submission (timestamp, extension, flag, late penalty,
per-cell auto, manual and extra-credit scores, auto and manual comments).

    python -m course_utils.grading export-gradebook gradebook.json          # the course's gradebook -> file
    python -m course_utils.grading import-gradebook gradebook.json --db URL  # file -> a fresh, empty gradebook
    nbgrader export --exporter=course_utils.grading.gradebook_io.GradebookJsonExporter --to=gradebook.json

Only nbgrader's Gradebook API (SQLAlchemy underneath) touches the database, so any URL nbgrader accepts works.
Rows are identified by name (students by id), never by the database's generated ids: exporting, importing into an
empty gradebook and exporting again gives the same file, byte for byte.
"""
import datetime
import json
import os
import sys
from pathlib import Path

from nbgrader.api import Course, Gradebook
from nbgrader.plugins import ExportPlugin

FORMAT = "nbgrader-gradebook"
VERSION = 1

# The columns kept for each table, besides the names that identify a row (generated ids and foreign keys are not
# kept: import makes new ones). tests/test_gradebook_io.py checks that these cover every column nbgrader defines.
STUDENT_FIELDS = ("first_name", "last_name", "email", "lms_user_id")
ASSIGNMENT_FIELDS = ("duedate", "course_id")
NOTEBOOK_FIELDS = ("kernelspec",)
GRADED_CELL_FIELDS = ("max_score", "cell_type")
SOURCE_CELL_FIELDS = ("cell_type", "locked", "source", "checksum")
SUBMISSION_FIELDS = ("timestamp", "extension")
SUBMITTED_NOTEBOOK_FIELDS = ("flagged", "late_submission_penalty")
GRADE_FIELDS = ("auto_score", "manual_score", "extra_credit", "needs_manual_grade")
COMMENT_FIELDS = ("auto_comment", "manual_comment")


class GradebookNotEmpty(ValueError):
    """Import refuses a gradebook that already holds students or assignments (it never merges)."""


def _to_json(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):  # exact: days, seconds and microseconds are integers
        return {"days": value.days, "seconds": value.seconds, "microseconds": value.microseconds}
    return value


def _from_json(field, value):
    if value is None:
        return None
    if field in ("duedate", "timestamp"):
        return datetime.datetime.fromisoformat(value)
    if field == "extension":
        return datetime.timedelta(**value)
    return value


def _fields(row, fields):
    return {field: _to_json(getattr(row, field)) for field in fields}


def _restore(row, record, fields):
    for field in fields:
        setattr(row, field, _from_json(field, record[field]))


def _by_name(rows):
    return sorted(rows, key=lambda row: row.name)


def gradebook_data(gradebook):
    """Everything ``gradebook`` holds, as JSON-ready dicts and lists in a fixed order.

    Students and assignments keep the order nbgrader lists them in (``nbgrader export`` and the formgrader use it);
    everything else is sorted by name.
    """
    assignments = gradebook.assignments
    return {
        "format": FORMAT,
        "version": VERSION,
        "courses": sorted(course.id for course in gradebook.db.query(Course)),
        "students": [{"id": student.id, **_fields(student, STUDENT_FIELDS)} for student in gradebook.students],
        "assignments": [{
            "name": assignment.name,
            **_fields(assignment, ASSIGNMENT_FIELDS),
            "notebooks": [{
                "name": notebook.name,
                **_fields(notebook, NOTEBOOK_FIELDS),
                "grade_cells": [{"name": cell.name, **_fields(cell, GRADED_CELL_FIELDS)}
                                for cell in _by_name(notebook.grade_cells)],
                "solution_cells": [{"name": cell.name} for cell in _by_name(notebook.solution_cells)],
                "task_cells": [{"name": cell.name, **_fields(cell, GRADED_CELL_FIELDS)}
                               for cell in _by_name(notebook.task_cells)],
                "source_cells": [{"name": cell.name, **_fields(cell, SOURCE_CELL_FIELDS)}
                                 for cell in _by_name(notebook.source_cells)],
            } for notebook in _by_name(assignment.notebooks)],
        } for assignment in assignments],
        "submissions": [{
            "assignment": assignment.name,
            "student": submission.student.id,
            **_fields(submission, SUBMISSION_FIELDS),
            "notebooks": [{
                "name": notebook.name,
                **_fields(notebook, SUBMITTED_NOTEBOOK_FIELDS),
                "grades": [{"cell": grade.cell.name, **_fields(grade, GRADE_FIELDS)}
                           for grade in sorted(notebook.grades, key=lambda grade: grade.cell.name)],
                "comments": [{"cell": comment.cell.name, **_fields(comment, COMMENT_FIELDS)}
                             for comment in sorted(notebook.comments, key=lambda comment: comment.cell.name)],
            } for notebook in sorted(submission.notebooks, key=lambda notebook: notebook.name)],
        } for assignment in assignments
            for submission in sorted(assignment.submissions, key=lambda submission: submission.student.id)],
    }


def load_gradebook_data(gradebook, data):
    """Recreate ``data`` (from gradebook_data) in ``gradebook``, which must hold no students and no assignments."""
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ValueError(f"not a {FORMAT} file of version {VERSION}")
    if gradebook.students or gradebook.assignments:
        raise GradebookNotEmpty("the gradebook already holds students or assignments: import into an empty one")
    for course_id in data["courses"]:
        gradebook.check_course(course_id)
    for student in data["students"]:
        gradebook.add_student(student["id"], **{field: student[field] for field in STUDENT_FIELDS})
    for assignment in data["assignments"]:
        gradebook.add_assignment(assignment["name"], **{field: _from_json(field, assignment[field])
                                                        for field in ASSIGNMENT_FIELDS})
        for notebook in assignment["notebooks"]:
            where = (notebook["name"], assignment["name"])
            gradebook.add_notebook(*where, **{field: notebook[field] for field in NOTEBOOK_FIELDS})
            for cell in notebook["grade_cells"]:
                gradebook.add_grade_cell(cell["name"], *where, **{f: cell[f] for f in GRADED_CELL_FIELDS})
            for cell in notebook["solution_cells"]:
                gradebook.add_solution_cell(cell["name"], *where)
            for cell in notebook["task_cells"]:
                gradebook.add_task_cell(cell["name"], *where, **{f: cell[f] for f in GRADED_CELL_FIELDS})
            for cell in notebook["source_cells"]:
                gradebook.add_source_cell(cell["name"], *where, **{f: cell[f] for f in SOURCE_CELL_FIELDS})
    for record in data["submissions"]:
        # add_submission creates the submitted notebooks with an empty grade and comment for every cell.
        submission = gradebook.add_submission(record["assignment"], record["student"])
        _restore(submission, record, SUBMISSION_FIELDS)
        notebooks = {notebook.name: notebook for notebook in submission.notebooks}
        for notebook_record in record["notebooks"]:
            notebook = notebooks[notebook_record["name"]]
            _restore(notebook, notebook_record, SUBMITTED_NOTEBOOK_FIELDS)
            grades = {grade.cell.name: grade for grade in notebook.grades}
            for grade in notebook_record["grades"]:
                _restore(grades[grade["cell"]], grade, GRADE_FIELDS)
            comments = {comment.cell.name: comment for comment in notebook.comments}
            for comment in notebook_record["comments"]:
                _restore(comments[comment["cell"]], comment, COMMENT_FIELDS)
        gradebook.db.commit()


def dumps(data):
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def export_gradebook(db_url, path, course_id):
    """Write the whole gradebook at ``db_url`` to the JSON file ``path``; return the data written."""
    with Gradebook(db_url, course_id=course_id) as gradebook:
        data = gradebook_data(gradebook)
    Path(path).write_text(dumps(data), encoding="utf-8")
    return data


def import_gradebook(db_url, path, course_id):
    """Load the JSON file ``path`` into the empty gradebook at ``db_url`` (created if it does not exist)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    with Gradebook(db_url, course_id=course_id) as gradebook:
        load_gradebook_data(gradebook, data)
    return data


class GradebookJsonExporter(ExportPlugin):
    """``nbgrader export --exporter=course_utils.grading.gradebook_io.GradebookJsonExporter --to=gradebook.json``:
    the whole gradebook (every student and assignment: ``--student`` and ``--assignment`` are not supported)."""

    def export(self, gradebook):
        if self.student or self.assignment:
            raise ValueError("GradebookJsonExporter writes the whole gradebook; drop --student / --assignment")
        dest = self.to or "gradebook.json"
        self.log.info("Exporting the whole gradebook to %s", dest)
        Path(dest).write_text(dumps(gradebook_data(gradebook)), encoding="utf-8")


def _course_settings(course, db_url=None):
    """(gradebook URL, course id) as the course's nbgrader_config.py sets them; ``db_url`` overrides the URL."""
    from nbgrader.coursedir import CourseDirectory

    from .config import nbgrader_config

    coursedir = CourseDirectory(config=nbgrader_config(course))
    return db_url or coursedir.db_url, coursedir.course_id


def export_course_gradebook(course, path, db_url=None):
    """Export the course's gradebook (or the one at ``db_url``) to ``path``; return the data written."""
    db_url, course_id = _course_settings(course, db_url)
    return export_gradebook(db_url, path, course_id)


def gradebook_command(course, command, path, db_url=None):
    """``python -m course_utils.grading export-gradebook|import-gradebook PATH [--db URL]``; returns the exit code."""
    # nbgrader runs `alembic` by name when it creates a gradebook: this environment's bin/ goes first on PATH.
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    db_url, course_id = _course_settings(course, db_url)
    if command == "export-gradebook":
        data = export_gradebook(db_url, path, course_id)
        verb = "Exported"
    else:
        try:
            data = import_gradebook(db_url, path, course_id)
        except (GradebookNotEmpty, ValueError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        verb = "Imported"
    print(f"{verb} {len(data['students'])} student(s), {len(data['assignments'])} assignment(s) and "
          f"{len(data['submissions'])} submission(s) ({'to' if verb == 'Exported' else 'from'} {path}).")
    return 0
