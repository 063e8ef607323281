"""The main job: build the student versions, grade the sample students, write feedback and the grade table.

A pipeline of small steps; each takes the Course and returns a one-line summary.
"""
import time

from . import samples
from .config import gradebook_url
from .nbgrader_cli import run_nbgrader
from .report import format_table, score_table

SAMPLES_GLOB = f"{samples.SAMPLE_PREFIX}*"


def generate_student_versions(course):
    run_nbgrader(course, "generate_assignment", "generate_assignment", "*", "--force")
    return f"release/ rebuilt for {len(course.assignments())} assignment(s)"


def place_sample_submissions(course):
    placed = samples.place_submissions(course)
    return f"{placed} sample submission(s) in submitted/ ({len(samples.SAMPLE_STUDENTS)} students)"


def autograde(course):
    log = run_nbgrader(course, "autograde", "autograde", "*", f"--student={SAMPLES_GLOB}", "--force")
    return f"sample submissions autograded into autograded/ (log: {log.relative_to(course.root)})"


def generate_feedback(course):
    run_nbgrader(course, "generate_feedback", "generate_feedback", "*", f"--student={SAMPLES_GLOB}", "--force")
    return "feedback HTML in feedback/<student>/<assignment>/"


def export_grades(course):
    run_nbgrader(course, "export", "export", f"--to={course.grades_csv}")
    return f"grades exported to {course.grades_csv.name}"


STEPS = (
    ("Build the student versions", generate_student_versions),
    ("Place the sample submissions", place_sample_submissions),
    ("Autograde", autograde),
    ("Generate feedback", generate_feedback),
    ("Export grades", export_grades),
)


def run(course, steps=STEPS, out=print):
    """Run the steps in order, printing progress; then print the grade table and where the outputs are."""
    started = time.perf_counter()
    for number, (title, step) in enumerate(steps, start=1):
        out(f"[{number}/{len(steps)}] {title} ...", end=" ", flush=True)
        step_started = time.perf_counter()
        summary = step(course)
        out(f"done in {time.perf_counter() - step_started:.1f} s: {summary}")
    assignments = course.assignments()
    out("\nScores (points earned / possible):\n")
    out(format_table(score_table(gradebook_url(course), assignments), assignments))
    out(f"\nGrades CSV: {course.grades_csv}")
    for student in samples.SAMPLE_STUDENTS:
        out(f"Feedback ({student.description}): {course.root / 'feedback' / student.student_id}/<assignment>/")
    out(f"\nFinished in {time.perf_counter() - started:.0f} s.")
