"""The main job: build the student versions, grade the sample students, write feedback and the grade table.

A pipeline of small steps; each takes the Course and returns a one-line summary.
"""
import os
import time
from concurrent.futures import ThreadPoolExecutor

from . import diagnosis, gradebook_io, samples, sandbox
from .config import gradebook_url
from .nbgrader_cli import NbgraderFailed, run_nbgrader
from .report import format_table, score_table

SAMPLES_GLOB = f"{samples.SAMPLE_PREFIX}*"


def generate_student_versions(course):
    run_nbgrader(course, "generate_assignment", "generate_assignment", "*", "--force")
    return f"release/ rebuilt for {len(course.assignments())} assignment(s)"


def place_sample_submissions(course):
    placed = samples.place_submissions(course)
    return f"{placed} sample submission(s) in submitted/ ({len(samples.SAMPLE_STUDENTS)} students)"


def autograde(course):
    """One nbgrader process per assignment, as many at once as there are cores (the gradebook exists already:
    generate_assignment made it, so parallel processes never race to create its schema)."""
    assignments = course.assignments()

    def grade(assignment):
        started = time.perf_counter()
        args = ("autograde", assignment, f"--student={SAMPLES_GLOB}", "--force")
        try:
            run_nbgrader(course, f"autograde-{assignment}", *args)
        except NbgraderFailed:  # a busy SQLite gradebook can refuse a write: try once more
            run_nbgrader(course, f"autograde-{assignment}", *args)
        print(f"      {assignment}: graded in {time.perf_counter() - started:.0f} s", flush=True)

    with ThreadPoolExecutor(max_workers=min(len(assignments), os.cpu_count() or 1)) as pool:
        list(pool.map(grade, assignments))
    return f"{len(assignments)} assignment(s) autograded into autograded/ (logs: logs/autograde-<assignment>.log)"


def generate_feedback(course):
    run_nbgrader(course, "generate_feedback", "generate_feedback", "*", f"--student={SAMPLES_GLOB}", "--force")
    problems = diagnosis.report_problems(course, students=SAMPLES_GLOB, log=lambda line: print(f"      {line}"))
    return ("feedback HTML in feedback/<student>/<assignment>/"
            + (f"; {len(problems)} submission(s) with problems, see {diagnosis.PROBLEMS_PAGE}" if problems else ""))


def export_grades(course):
    run_nbgrader(course, "export", "export", f"--to={course.grades_csv}")
    gradebook_io.export_course_gradebook(course, course.gradebook_json)
    return f"grades exported to {course.grades_csv.name}, the whole gradebook to {course.gradebook_json.name}"


STEPS = (
    ("Build the student versions", generate_student_versions),
    ("Place the sample submissions", place_sample_submissions),
    ("Autograde", autograde),
    ("Generate feedback", generate_feedback),
    ("Export grades", export_grades),
)


def run(course, steps=STEPS):
    """Run the steps in order, printing progress; then print the grade table and where the outputs are."""
    started = time.perf_counter()
    # Which kernel grades: sandboxed or not (an error instead when CI=true or COURSE_REQUIRE_SANDBOX=1 and it can't be).
    print(sandbox.check(), flush=True)
    for number, (title, step) in enumerate(steps, start=1):
        print(f"[{number}/{len(steps)}] {title} ...", flush=True)
        step_started = time.perf_counter()
        summary = step(course)
        print(f"      done in {time.perf_counter() - step_started:.1f} s: {summary}", flush=True)
    assignments = course.assignments()
    print("\nScores of the sample students (points earned / possible):\n")
    sample_ids = [student.student_id for student in samples.SAMPLE_STUDENTS]
    print(format_table(score_table(gradebook_url(course), assignments, sample_ids), assignments))
    print(f"\nGrades CSV: {course.grades_csv}")
    print(f"Whole gradebook (python -m course_utils.grading import-gradebook restores it): {course.gradebook_json}")
    for student in samples.SAMPLE_STUDENTS:
        print(f"Feedback ({student.description}): {course.root / 'feedback' / student.student_id}/<assignment>/")
    print(f"\nFinished in {time.perf_counter() - started:.0f} s.")
