"""Command line: ``python -m course_utils.grading {course,grade,clean-samples,benchmark,benchmark-grading,
export-gradebook,import-gradebook,mutation,surprise-gap}``."""
import argparse
import sys
from pathlib import Path

from . import pipeline, samples
from .course import Course
from .nbgrader_cli import NbgraderFailed
from .classgrade.command import RemoteNeedsServer
from .classgrade.prepare import PreparationFailed
from .sandbox import SandboxUnavailable
from .surprise_gap import MeasurementError


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m course_utils.grading", description=__doc__)
    parser.add_argument("command", choices=("course", "grade", "clean-samples", "benchmark", "benchmark-grading",
                                            "export-gradebook", "import-gradebook", "mutation", "surprise-gap"),
                        help="course: the main job; grade: autograde and give feedback to every submission in "
                             "submitted/, in parallel; clean-samples: remove the sample students' folders; "
                             "benchmark: time each lab's execution and autograding; benchmark-grading: grade a class of sample "
                             "students in every mode, side by side; export-gradebook PATH: the "
                             "whole gradebook to a JSON file; import-gradebook PATH: such a file into an empty "
                             "gradebook; mutation: grade mutants of the labs' solutions (tests/mutation/REPORT.md); "
                             "surprise-gap: the labs' typical wrong answers that pass every public check")
    parser.add_argument("path", nargs="?", type=Path, help="the JSON file of export-gradebook / import-gradebook")
    parser.add_argument("--db", help="gradebook URL for grade, export-gradebook and import-gradebook (default: the "
                                     "course's, COURSE_DB_URL or gradebook.db)")
    parser.add_argument("--workers", type=int, default=None,
                        help="grade: submissions graded at a time (default: one per core)")
    parser.add_argument("--assignment", action="append", dest="assignments", metavar="PATTERN",
                        help="grade, surprise-gap: only assignments matching this shell pattern (repeatable; "
                             "default: all)")
    parser.add_argument("--student", action="append", dest="students", metavar="PATTERN",
                        help="grade: only students matching this shell pattern (repeatable; default: all)")
    parser.add_argument("--no-feedback", action="store_true", help="grade: autograde only, write no feedback")
    parser.add_argument("--fork-kernels", action="store_true",
                        help="grade: fork each kernel from a template that has imported TensorFlow (faster starts; "
                             "only when the grading sandbox is off, COURSE_SANDBOX=0: the sandbox wins)")
    parser.add_argument("--students", type=int, default=100,
                        help="benchmark-grading: students in the class (default 100)")
    parser.add_argument("--scheduler", metavar="tcp://HOST:8786",
                        help="grade: send the jobs to this Dask scheduler (its workers need the course's environment; "
                             "the gradebook must be a server they reach: --db postgresql://...)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="course folder (default: current folder)")
    parser.add_argument("--lab", action="append", dest="labs", metavar="ASSIGNMENT",
                        help="mutation: only this lab (repeatable; default: every lab)")
    parser.add_argument("--jobs", type=int, default=2,
                        help="mutation, surprise-gap: labs graded or measured at a time (default 2)")
    parser.add_argument("--max-per-lab", type=int, default=None,
                        help="mutation: grade only the first N mutants of each lab (the report says so)")
    parser.add_argument("--survivors-only", action="store_true",
                        help="mutation: regrade only the last run's survivors (after adding tests)")
    parser.add_argument("--report-only", action="store_true",
                        help="mutation: rewrite REPORT.md from results.json without grading")
    args = parser.parse_args(argv)
    course = Course(args.root.resolve())
    if not (course.root / "nbgrader_config.py").is_file():
        parser.error(f"{course.root} is not a course folder (no nbgrader_config.py)")
    if args.command.endswith("-gradebook"):
        if args.path is None:
            parser.error(f"{args.command} needs the path of the JSON file")
        from .gradebook_io import gradebook_command
        return gradebook_command(course, args.command, args.path, args.db)
    try:
        if args.command == "course":
            pipeline.run(course)
        elif args.command == "grade":
            from .classgrade.command import grade
            outcomes = grade(course, workers=args.workers, assignments=args.assignments, students=args.students,
                             db_url=args.db, feedback=not args.no_feedback, scheduler=args.scheduler,
                             fork=args.fork_kernels)
            return 1 if any(not outcome.success for outcome in outcomes) else 0
        elif args.command == "clean-samples":
            samples.remove_samples(course)
            print("Removed the sample students' folders from submitted/, autograded/ and feedback/.")
        elif args.command == "benchmark-grading":
            from .classgrade.benchmark import run_grading_benchmark
            return run_grading_benchmark(course, students=args.students, assignment_patterns=args.assignments,
                                         workers=args.workers)
        elif args.command == "mutation":
            from .mutation import main as run_mutation
            return run_mutation(course, args.labs, jobs=args.jobs, max_per_lab=args.max_per_lab,
                                report_only=args.report_only, survivors_only=args.survivors_only)
        elif args.command == "surprise-gap":
            from .surprise_gap import main as measure_gap
            return measure_gap(course, args.assignments, jobs=args.jobs)
        else:
            from .benchmark import run_benchmark
            run_benchmark(course)
    except (NbgraderFailed, SandboxUnavailable, PreparationFailed, RemoteNeedsServer, MeasurementError) as error:
        print(f"\nerror: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
