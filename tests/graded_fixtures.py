"""Grading answer fixtures (course_utils/develop/answer_fixtures.py), each in an otherwise perfect submission, with the
`grade` command or in process (course_utils/develop/in_process.py), for tests/test_answer_fixtures.py."""
from concurrent.futures import ThreadPoolExecutor

from conftest import REPO_ROOT, scratch_course
from course_utils.develop import in_process
from course_utils.grading import notebooks
from course_utils.develop.answer_fixtures import answer_fixtures
from course_utils.grading.samples import PERFECT


def fixtures(corpus):
    """Every fixture of ``corpus`` (answer_fixtures.WRONG_ANSWERS or RIGHT_ANSWERS) in this repository."""
    return answer_fixtures(REPO_ROOT, corpus)


def grade_answer_fixtures(root, fixtures):
    """Grade the ``fixtures``, each in its own otherwise perfect submission, with the `grade` command (autograde and
    feedback, as the main job grades) in a temp course under ``root``; return the course."""
    course = scratch_course(root, sorted({fixture.assignment for fixture in fixtures}))
    for fixture in fixtures:
        course.submit_sample(fixture.assignment, PERFECT, fixture.student_id,
                             answers=[(fixture.answer_id, fixture.path.read_text())])
    graded = course.grade()
    assert graded.returncode == 0, (graded.stdout + graded.stderr)[-4000:]
    return course


def exercise_of(course, fixture):
    """The exercise (notebooks.Exercise) whose answer cell ``fixture`` replaces."""
    source_nb = notebooks.read(course.notebook("source", fixture.assignment))
    (exercise,) = [e for e in notebooks.exercises(source_nb) if fixture.answer_id in e.answer_ids]
    return exercise


def grade_in_process(selected):
    """{fixture: {test cell id: in_process.CellResult}} for the ``selected`` fixtures, each graded up to the end of
    its exercise in process, two labs at a time."""
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
