"""The main job: build the student versions, grade the sample students, write feedback and the grade table.

A pipeline of small steps; each takes the Course and the assignments to build and grade (shell patterns; None: all)
and returns a one-line summary.
"""
import time

from . import gradebook_io, samples
from .classgrade.command import grade
from .classgrade.jobs import matches
from .config import nbgrader_config
from . import kernels
from .nbgrader_cli import NbgraderFailed, run_nbgrader
from .report import format_table, score_table

SAMPLES_GLOB = f"{samples.SAMPLE_PREFIX}*"


def generate_student_versions(course, assignments):
    chosen = [name for name in course.assignments() if matches(name, assignments)]
    for name in chosen if assignments else ["*"]:
        run_nbgrader(course, "generate_assignment", "generate_assignment", name, "--force")
    return f"release/ rebuilt for {len(chosen)} assignment(s)"


def place_sample_submissions(course, assignments):
    placed = samples.place_submissions(course, assignments)
    return f"{placed} sample submission(s) in submitted/ ({len(samples.SAMPLE_STUDENTS)} students)"


def grade_samples(course, assignments):
    """Autograde and give feedback to every sample submission with the `grade` command: in parallel on all cores,
    each notebook in a fresh kernel (the student versions and their gradebook entries were made by step 1)."""
    outcomes = grade(course, assignments=assignments, students=[SAMPLES_GLOB], generate=False)
    failed = [outcome.job.name for outcome in outcomes if not outcome.success]
    if failed:
        raise NbgraderFailed(f"grading failed for {', '.join(failed)} (see logs/grade/<assignment>/<student>.log)")
    return (f"{len(outcomes)} sample submission(s) autograded into autograded/, feedback HTML in "
            "feedback/<student>/<assignment>/")


def export_grades(course, assignments):
    """The whole gradebook, whichever assignments this run graded."""
    run_nbgrader(course, "export", "export", f"--to={course.grades_csv}")
    gradebook_io.export_course_gradebook(course, course.gradebook_json)
    return f"grades exported to {course.grades_csv.name}, the whole gradebook to {course.gradebook_json.name}"


STEPS = (
    ("Build the student versions", generate_student_versions),
    ("Place the sample submissions", place_sample_submissions),
    ("Grade (autograde and feedback)", grade_samples),
    ("Export grades", export_grades),
)


def run(course, steps=STEPS, assignments=None):
    """Run the steps in order for ``assignments`` (shell patterns; None: all), printing progress; then print the
    grade table (every assignment) and where the outputs are."""
    started = time.perf_counter()
    # An error before any step when the sandbox is required and can't be (the grading step says which kernel grades).
    kernels.check(kernels.GradingKernels(config=nbgrader_config(course)))
    for number, (title, step) in enumerate(steps, start=1):
        print(f"[{number}/{len(steps)}] {title} ...", flush=True)
        step_started = time.perf_counter()
        summary = step(course, assignments)
        print(f"      done in {time.perf_counter() - step_started:.1f} s: {summary}", flush=True)
    assignments = course.assignments()
    print("\nScores of the sample students (points earned / possible):\n")
    sample_ids = [student.student_id for student in samples.SAMPLE_STUDENTS]
    print(format_table(score_table(course, assignments, sample_ids), assignments))
    print(f"\nGrades CSV: {course.grades_csv}")
    print(f"Whole gradebook (python -m course_utils.grading import-gradebook restores it): {course.gradebook_json}")
    for student in samples.SAMPLE_STUDENTS:
        print(f"Feedback ({student.description}): {course.root / 'feedback' / student.student_id}/<assignment>/")
    print(f"\nFinished in {time.perf_counter() - started:.0f} s.")
