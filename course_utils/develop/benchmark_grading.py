"""Benchmark of class grading: the same class graded in every mode, side by side.

``python -m course_utils.develop benchmark-grading [--students N] [--assignment PATTERN]`` (``make
benchmark-grading``): the sample submissions multiplied to N students (default 100; the four kinds of sample in
turn) for every lab, graded in a fresh copy of the course and a fresh gradebook by

1. plain ``nbgrader autograde <assignment>``, one assignment after the other (each kernel started in bubblewrap);
2. ``grade`` on all cores, each kernel started in bubblewrap (``--no-fork-kernels``);
3. ``grade`` on all cores, kernels forked from the template and sandboxed (the default where the machine allows);
4. ``grade`` on all cores with the sandbox off (``COURSE_SANDBOX=0``: normal kernels, trusted submissions only).

Every mode does the same work, from submissions to grades: generate the assignments, then autograde (feedback is
not part of the comparison). Per mode: the wall time, the speed-up over mode 1, and the overhead per notebook: the
time spent grading notebooks (mode 1: its autograde commands; modes 2-4: the jobs' times, summed over the workers)
beyond the notebooks' own compute (their code cells' run time, which the grader records in each autograded
notebook), per notebook; the one-off start (generating the assignments, starting the workers) is not in it. And
whether every mode gave every submission the same grade.
"""
import os
import tempfile
import time
from pathlib import Path

from ..grading import notebooks, samples
from ..grading.classgrade.jobs import matches
from ..grading.classgrade.summary import read_records
from ..grading.execute import timings
from ..grading.kernels import FORK_ENV, REQUIRE_ENV, SANDBOX_ENV
from .scratch_course import ScratchCourse, grading_env, succeeded


def bench_course(course, folder, students, assignments):
    """A scratch copy of ``course`` in ``folder`` with ``students`` students' submissions of ``assignments``."""
    copy = ScratchCourse.copy_of(course, folder, assignments)
    for number in range(students):
        kind = samples.SAMPLE_STUDENTS[number % len(samples.SAMPLE_STUDENTS)]
        for assignment in assignments:
            copy.submit_sample(assignment, kind, f"bench_{number:03d}_"
                                                 f"{kind.student_id.removeprefix(samples.SAMPLE_PREFIX)}")
    return copy


def compute_seconds(course):
    """The code cells' run time summed over the course's autograded notebooks."""
    return sum(timings(notebooks.read(path))["cells"] for path in (course.root / "autograded").glob("*/*/*.ipynb"))


def sequential_autograde(course, assignments, env):
    """Mode 1: `nbgrader generate_assignment`, then `nbgrader autograde` per assignment, one after the other.
    Returns (wall s, grading s, compute s)."""
    started = time.monotonic()
    succeeded(course.nbgrader("generate_assignment", "*", "--force", env=env))
    grading_started = time.monotonic()
    for assignment in assignments:
        succeeded(course.nbgrader("autograde", assignment, "--force", env=env))
    return time.monotonic() - started, time.monotonic() - grading_started, compute_seconds(course)


def grade_command(course, env, *options):
    """Modes 2-4: the `grade` command. Returns (wall s, grading s: the jobs' times summed, compute s)."""
    started = time.monotonic()
    succeeded(course.grade("--no-feedback", *options, env=env))
    wall = time.monotonic() - started
    grading = sum(record["seconds"] for record in read_records(course.log_dir / "grade"))
    return wall, grading, compute_seconds(course)


def run_grading_benchmark(course, students=100, assignment_patterns=None, workers=None):
    workers = workers or os.cpu_count() or 1
    assignments = [a for a in course.assignments() if not a.startswith("quiz") and matches(a, assignment_patterns)]
    notebooks_per_mode = students * len(assignments)
    base = grading_env()
    unsandboxed = {name: value for name, value in base.items() if name not in ("CI", REQUIRE_ENV)}
    unsandboxed[SANDBOX_ENV] = "0"
    in_bubblewrap = {**base, FORK_ENV: "0"}
    modes = [
        ("plain `nbgrader autograde`, sequential (bubblewrap)",
         lambda c: sequential_autograde(c, assignments, in_bubblewrap)),
        (f"`grade`, {workers} workers (bubblewrap)",
         lambda c: grade_command(c, base, "--workers", str(workers), "--no-fork-kernels")),
        (f"`grade`, {workers} workers (forked from the template, sandboxed)",
         lambda c: grade_command(c, base, "--workers", str(workers))),
        (f"`grade`, {workers} workers, sandbox off", lambda c: grade_command(c, unsandboxed, "--workers",
                                                                             str(workers))),
    ]
    print(f"Grading {students} students x {len(assignments)} labs = {notebooks_per_mode} notebooks in each of "
          f"{len(modes)} modes ({workers} cores) ...", flush=True)
    rows, all_grades = [], []
    for name, run in modes:
        with tempfile.TemporaryDirectory(prefix="course-bench-") as scratch:
            copy = bench_course(course, Path(scratch), students, assignments)
            wall, grading, compute = run(copy)
            all_grades.append({key: score for key, (score, _) in copy.scores().items()})
        rows.append((name, wall, compute, (grading - compute) / notebooks_per_mode))
        print(f"  {name}: {wall:.0f} s", flush=True)
    same = all(found == all_grades[0] for found in all_grades) and len(all_grades[0]) == notebooks_per_mode
    first = rows[0][1]
    print("\n| mode | wall time | speed-up | notebooks' own compute | overhead per notebook |")
    print("|---|---:|---:|---:|---:|")
    for name, wall, compute, overhead in rows:
        print(f"| {name} | {wall:.0f} s | {first / wall:.2f}x | {compute:.0f} s | {overhead:.2f} s |")
    print(f"\nGrades identical in every mode: {'yes' if same else 'NO'} ({len(all_grades[0])} submissions, "
          f"mean score {sum(all_grades[0].values()) / max(len(all_grades[0]), 1):.2f})")
    print("Every mode generates the assignments, then autogrades. Overhead per notebook = (time spent grading "
          "notebooks - their code cells' run time) / notebooks: kernel start, nbgrader's own work and, in mode 1, "
          "the command start per assignment; the imports a notebook's cells run are its compute.")
    return 0 if same else 1
