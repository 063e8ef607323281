"""Grading answer fixtures (course_utils/develop/answer_fixtures.py), each in an otherwise perfect submission, with a
real ``nbgrader autograde`` or in process (course_utils/develop/in_process.py), for
tests/test_answer_fixtures.py."""
from concurrent.futures import ThreadPoolExecutor

from conftest import REPO_ROOT, copy_course, nbgrader
from course_utils.develop import in_process
from course_utils.grading import notebooks
from course_utils.develop.answer_fixtures import answer_fixtures
from course_utils.grading.config import gradebook_url
from course_utils.grading.samples import PERFECT, make_submission, with_answer
from nbgrader.api import Gradebook


def fixtures(corpus):
    """Every fixture of ``corpus`` (answer_fixtures.WRONG_ANSWERS or RIGHT_ANSWERS) in this repository."""
    return answer_fixtures(REPO_ROOT, corpus)


def grade_answer_fixtures(root, assignment, fixtures):
    """Grade the ``fixtures`` of one assignment, each in its own submission, in one autograde run (and their
    feedback) in a temp course under ``root``; return the course."""
    course = copy_course(root)
    run = lambda *args: nbgrader(course, *args)  # noqa: E731
    generated = run("generate_assignment", assignment, "--force")
    assert generated.returncode == 0, generated.stdout + generated.stderr
    source_nb = notebooks.read(course.notebook("source", assignment))
    perfect = make_submission(PERFECT, source_nb, notebooks.read(course.notebook("release", assignment)))
    mine = [fixture for fixture in fixtures if fixture.assignment == assignment]
    for fixture in mine:
        submission = with_answer(perfect, fixture.answer_id, fixture.path.read_text())
        notebooks.write(submission, course.notebook("submitted", assignment, fixture.student_id))
    for pattern in sorted({fixture.student_id.split("_")[0] + "_*" for fixture in mine}):
        graded = run("autograde", assignment, f"--student={pattern}", "--force")
        if graded.returncode != 0:
            # nbgrader removes the output of a submission it failed on (e.g. a kernel that could not start under
            # load); a second run without --force grades just those again. A submission that breaks the grader fails
            # twice.
            graded = run("autograde", assignment, f"--student={pattern}")
        log = graded.stdout + graded.stderr
        assert graded.returncode == 0, log[log.find("Traceback"):][:4000] if "Traceback" in log else log[-4000:]
        feedback = run("generate_feedback", assignment, f"--student={pattern}", "--force")
        assert feedback.returncode == 0, (feedback.stdout + feedback.stderr)[-4000:]
    return course


def exercise_of(course, fixture):
    """The exercise (notebooks.Exercise) whose answer cell ``fixture`` replaces."""
    source_nb = notebooks.read(course.notebook("source", fixture.assignment))
    (exercise,) = [e for e in notebooks.exercises(source_nb) if fixture.answer_id in e.answer_ids]
    return exercise


def graded_cells(course, fixture):
    """({test cell grade_id: (score, max score)}, (total, possible)) of the fixture's graded submission."""
    with Gradebook(gradebook_url(course)) as gradebook:
        submission = gradebook.find_submission(fixture.assignment, fixture.student_id)
        grades = {grade.name: (grade.score, grade.max_score)
                  for grade in gradebook.find_submission_notebook(fixture.assignment, fixture.assignment,
                                                                  fixture.student_id).grades}
        return grades, (submission.score, submission.max_score)


def grade_in_process(selected):
    """{fixture: {test cell id: (passed, message)}} for the ``selected`` fixtures, each graded up to the end of its
    exercise in process, two labs at a time."""
    by_assignment = {}
    for fixture in selected:
        by_assignment.setdefault(fixture.assignment, []).append(fixture)

    def grade(assignment):
        mine = by_assignment[assignment]
        results = in_process.grade_variants(
            REPO_ROOT / "source" / assignment / f"{assignment}.ipynb",
            REPO_ROOT / "release" / assignment / f"{assignment}.ipynb",
            [in_process.Variant(fixture.name, fixture.answer_id, fixture.path.read_text()) for fixture in mine])
        return {fixture: results[fixture.name] for fixture in mine}

    graded = {}
    with ThreadPoolExecutor(max_workers=2) as pool:
        for results in pool.map(grade, sorted(by_assignment)):
            graded.update(results)
    return graded
