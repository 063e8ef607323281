"""The surprise gap: typical wrong answers that pass every public check of their exercise (the student sees
"✅ ... all public tests passed.") and lose points only when graded.

Every wrong answer in ``tests/labs/<lab>/wrong_answers/<answer grade_id>--<mistake>.py`` loses points when
graded (tests/test_answer_fixtures.py proves it). The same in-process grading (``in_process``: each wrong answer from
the end of the previous exercise to its exercise's last test cell) says of each test cell whether its public part
alone passed: the wrong answers whose exercise's test cells all pass publicly are the gap. (The hidden checks observe
and change nothing a later public check reads, so grading them on the way changes no public outcome.)

A wrong answer that passes publicly is either a legitimate exception (only data the student has not seen can tell
it from a right one, or telling would give away a choice's key) or a public check to add; each lab's
``tests/labs/<lab>/public_gap.yaml`` says which, and tests/test_answer_fixtures.py keeps it equal to what this
measures, from the grading its other tests use.

The quizzes are out of scope by design: their check cells check only an answer's form (telling a right answer from a
wrong one would reveal the key), so every wrong answer passes them.
"""
import fnmatch
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from ..grading import notebooks
from . import in_process
from .answer_fixtures import WRONG_ANSWERS, answer_fixtures
from .mutation import labs

QUIZ_NOTE = ("The quizzes are out of scope by design: their check cells check only an answer's form (telling right "
             "from wrong would reveal the key), so every wrong answer passes them.")


@dataclass(frozen=True)
class LabGap:
    assignment: str
    measured: int  # wrong answers run
    passing: dict  # {exercise's answer ids joined by "/": [names of the wrong answers that pass publicly]}
    seconds: float

    @property
    def names(self):
        return {name for names in self.passing.values() for name in names}


class MeasurementError(RuntimeError):
    """The perfect submission failed a public check, or a wrong answer made an earlier exercise's checks fail, so what
    the wrong answers did could not be told apart from that."""


def measure_lab(course, assignment):
    """Grade every wrong answer of a lab; the LabGap of those whose exercise's public checks all pass."""
    started = time.perf_counter()
    wrong = answer_fixtures(course.root, WRONG_ANSWERS, assignment)
    try:
        graded = in_process.grade_variants(
            course.notebook("source", assignment), course.notebook("release", assignment),
            [in_process.Variant(answer.name, answer.answer_id, answer.path.read_text()) for answer in wrong])
    except RuntimeError as error:
        raise MeasurementError(str(error)) from None
    return gap_of(course, assignment, {answer: graded[answer.name] for answer in wrong}, time.perf_counter() - started)


def gap_of(course, assignment, graded, seconds=0.0):
    """The LabGap of a lab's wrong answers graded in process (``graded``: {AnswerFixture: {test cell id:
    in_process.CellResult}}, from the answer's exercise or earlier to its exercise's end)."""
    exercises = notebooks.exercises(notebooks.read(course.notebook("source", assignment)))
    strays = [answer.name for answer in graded if not any(answer.answer_id in e.answer_ids for e in exercises)]
    if strays:
        raise ValueError(f"{assignment}: wrong answers for no answer cell of the lab: {strays}")
    passing = {"/".join(exercise.answer_ids): [] for exercise in exercises}
    for answer, cells in sorted(graded.items(), key=lambda item: item[0].name):
        (exercise,) = [e for e in exercises if answer.answer_id in e.answer_ids]
        failed = [cell for cell, result in cells.items() if not result.public_passed]
        if not set(failed) <= set(exercise.test_ids):
            raise MeasurementError(f"{assignment}: with the wrong answer {answer.name}, tests of earlier exercises "
                                   f"failed: {failed}")
        if not failed:
            passing["/".join(exercise.answer_ids)].append(answer.name)
    return LabGap(assignment, len(graded), passing, seconds)


def measure(course, assignments, jobs=2):
    """The LabGap of each of ``assignments`` (labs), in order, ``jobs`` labs at a time (each in its own kernel)."""
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        yield from pool.map(lambda assignment: measure_lab(course, assignment), assignments)


def main(course, patterns=None, jobs=2):
    """Measure the labs matching ``patterns`` (shell patterns; default: every lab) and print the gap."""
    chosen = [name for name in labs(course)
              if not patterns or any(fnmatch.fnmatch(name, pattern) for pattern in patterns)]
    print("Surprise gap: wrong answers (tests/labs/<lab>/wrong_answers) that pass every public check of their exercise "
          "and lose points only when graded.")
    print(QUIZ_NOTE, flush=True)
    total = measured = 0
    for gap in measure(course, chosen, jobs):
        total, measured = total + len(gap.names), measured + gap.measured
        print(f"\n{gap.assignment}: {len(gap.names)} of {gap.measured} pass publicly ({gap.seconds:.0f} s)")
        for exercise, names in gap.passing.items():
            print(f"  {exercise}: " + (", ".join(name.split("--", 1)[1] for name in names) or "-"), flush=True)
    print(f"\nTotal: {total} of {measured} wrong answers pass every public check.")
    return 0
