"""Fictional sample students whose submissions the main job grades to show (and the tests prove) the pipeline works.

Each sample is made from the release notebook and, for the exercises it solves, the source's solution code, so the
samples follow the labs as they change. Their ids all start with ``sample_``; real students' folders are never touched.
"""
import math
import shutil
from dataclasses import dataclass

from . import notebooks
from .classgrade.jobs import matches

SAMPLE_PREFIX = "sample_"
EDITED_TEST_SOURCE = "# The student replaced this test cell to make it pass.\npass"


@dataclass(frozen=True)
class SampleStudent:
    student_id: str
    description: str
    solves: str  # "all", "first_half" or "none" of the exercises
    edits_tests: bool = False

    def solved(self, exercises):
        """The exercises this student answers correctly."""
        count = {"all": len(exercises), "first_half": math.ceil(len(exercises) / 2), "none": 0}[self.solves]
        return exercises[:count]

    def expected_score(self, source_nb):
        """The score this student must get: the points of the exercises it solves (editing tests earns nothing)."""
        return sum(exercise.points for exercise in self.solved(notebooks.exercises(source_nb)))


SAMPLE_STUDENTS = (
    SampleStudent("sample_perfect", "solves every exercise", solves="all"),
    SampleStudent("sample_partial", "solves the first half of the exercises, leaves the rest blank", solves="first_half"),
    SampleStudent("sample_blank", "hands in the release notebook unchanged", solves="none"),
    SampleStudent("sample_test_editor", "solves the first half and replaces every test cell with `pass`",
                  solves="first_half", edits_tests=True),
)
# The student whose submission holds every solution: the base that wrong answers and mutants change one cell of.
PERFECT = next(student for student in SAMPLE_STUDENTS if student.solves == "all")


def make_submission(student, source_nb, release_nb):
    """The notebook ``student`` hands in: the release notebook with some answers filled in (and tests edited)."""
    solutions = {notebooks.grade_id(cell): cell.source for cell in source_nb.cells if notebooks.is_answer(cell)}
    solved_ids = {answer for exercise in student.solved(notebooks.exercises(source_nb))
                  for answer in exercise.answer_ids}
    submission = notebooks.copy_of(release_nb)
    for cell in submission.cells:
        if notebooks.grade_id(cell) in solved_ids:
            cell.source = notebooks.without_markers(solutions[notebooks.grade_id(cell)],
                                                    notebooks.BEGIN_SOLUTION, notebooks.END_SOLUTION)
        elif student.edits_tests and notebooks.is_test(cell):
            cell.source = EDITED_TEST_SOURCE
    return submission


def with_answer(submission, answer_id, source):
    """A copy of ``submission`` whose answer cell ``answer_id`` holds ``source`` instead."""
    changed = notebooks.copy_of(submission)
    cells = [cell for cell in changed.cells if notebooks.grade_id(cell) == answer_id and notebooks.is_answer(cell)]
    if len(cells) != 1:
        raise ValueError(f"no answer cell {answer_id!r} in the notebook")
    cells[0].source = source
    return changed


def place_submissions(course, assignments=None):
    """Write every sample student's submission of every assignment matching ``assignments`` (shell patterns; None:
    all) into submitted/, replacing the samples' older submissions (of every assignment when ``assignments`` is
    None, including assignments the course no longer has)."""
    placed = 0
    for student in SAMPLE_STUDENTS:
        if assignments is None:
            shutil.rmtree(course.root / "submitted" / student.student_id, ignore_errors=True)
        for assignment in [name for name in course.assignments() if matches(name, assignments)]:
            shutil.rmtree(course.root / "submitted" / student.student_id / assignment, ignore_errors=True)
            source_nb = notebooks.read(course.notebook("source", assignment))
            release_nb = notebooks.read(course.notebook("release", assignment))
            notebooks.write(make_submission(student, source_nb, release_nb),
                            course.notebook("submitted", assignment, student.student_id))
            placed += 1
    return placed


def remove_samples(course):
    """Delete the sample students' folders from submitted/, autograded/ and feedback/ (nothing else)."""
    for step in ("submitted", "autograded", "feedback"):
        for student in SAMPLE_STUDENTS:
            shutil.rmtree(course.root / step / student.student_id, ignore_errors=True)
