"""Grading the same submission twice gives the same result: per-cell scores, autograded notebook, feedback page.

Two labs that train Keras models, the digit practice lab and lab1_training, are graded for one sample student with
`nbgrader autograde --force` and `generate_feedback --force`, twice, in a temp copy of the course. Only the cells'
execution timestamps (metadata.execution) may differ between the two rounds.
"""
import pytest
from nbgrader.api import Gradebook

from conftest import copy_course, nbgrader
from course_utils.grading import notebooks
from course_utils.grading.config import gradebook_url
from course_utils.grading.samples import SAMPLE_STUDENTS, make_submission

REGRADED = ("lab1_training", "practice_lab_digits")
STUDENT = next(student for student in SAMPLE_STUDENTS if student.student_id == "sample_partial")


def nbgrader_ok(course, *args):
    result = nbgrader(course, *args)
    assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{(result.stdout + result.stderr)[-4000:]}"


def cell_scores(course, assignment):
    with Gradebook(gradebook_url(course)) as gradebook:
        submitted = gradebook.find_submission_notebook(assignment, assignment, STUDENT.student_id)
        return {grade.name: (grade.auto_score, grade.manual_score, grade.needs_manual_grade)
                for grade in submitted.grades}


def autograded_cells(course, assignment):
    """The autograded notebook's cells, without their execution timestamps."""
    nb = notebooks.read(course.notebook("autograded", assignment, STUDENT.student_id))
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
    return nb.cells


def grade_round(course):
    for assignment in REGRADED:
        nbgrader_ok(course, "autograde", assignment, f"--student={STUDENT.student_id}", "--force")
    nbgrader_ok(course, "generate_feedback", "*", f"--student={STUDENT.student_id}", "--force")
    return {assignment: {"scores": cell_scores(course, assignment),
                         "cells": autograded_cells(course, assignment),
                         "feedback": course.notebook("feedback", assignment, STUDENT.student_id).read_text()}
            for assignment in REGRADED}


@pytest.fixture(scope="module")
def two_rounds(tmp_path_factory):
    course = copy_course(tmp_path_factory.mktemp("regrade"), assignments=REGRADED)
    nbgrader_ok(course, "generate_assignment", "*", "--force")
    for assignment in REGRADED:
        submission = make_submission(STUDENT, notebooks.read(course.notebook("source", assignment)),
                                     notebooks.read(course.notebook("release", assignment)))
        notebooks.write(submission, course.notebook("submitted", assignment, STUDENT.student_id))
    return grade_round(course), grade_round(course)


@pytest.mark.slow
@pytest.mark.parametrize("assignment", REGRADED)
def test_regrading_gives_the_same_cell_scores(two_rounds, assignment):
    first, second = (graded[assignment]["scores"] for graded in two_rounds)
    assert first and first == second


@pytest.mark.slow
@pytest.mark.parametrize("assignment", REGRADED)
def test_regrading_gives_the_same_autograded_notebook(two_rounds, assignment):
    first, second = (graded[assignment]["cells"] for graded in two_rounds)
    assert len(first) == len(second)
    for index, (one, two) in enumerate(zip(first, second)):
        where = f"{assignment}: cell {index} ({notebooks.grade_id(one) or 'ungraded'})"
        assert one.get("outputs") == two.get("outputs"), f"{where}: the outputs differ between two gradings"
        assert one == two, f"{where}: differs between two gradings"


@pytest.mark.slow
@pytest.mark.parametrize("assignment", REGRADED)
def test_regrading_gives_the_same_feedback(two_rounds, assignment):
    first, second = (graded[assignment]["feedback"] for graded in two_rounds)
    if first != second:
        diff = [(a, b) for a, b in zip(first.split("\n"), second.split("\n")) if a != b]
        pytest.fail(f"{assignment}: the feedback pages differ, first lines: {diff[:5]}")
