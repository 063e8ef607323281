"""Command line: ``python -m course_utils.grading {course,clean-samples,benchmark,export-gradebook,import-gradebook,
mutation}``."""
import argparse
import sys
from pathlib import Path

from . import pipeline, samples
from .course import Course
from .nbgrader_cli import NbgraderFailed
from .sandbox import SandboxUnavailable


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m course_utils.grading", description=__doc__)
    parser.add_argument("command", choices=("course", "clean-samples", "benchmark", "export-gradebook",
                                            "import-gradebook", "mutation"),
                        help="course: the main job; clean-samples: remove the sample students' folders; "
                             "benchmark: time each lab's execution and autograding; export-gradebook PATH: the "
                             "whole gradebook to a JSON file; import-gradebook PATH: such a file into an empty "
                             "gradebook; mutation: grade mutants of the labs' solutions (tests/mutation/REPORT.md)")
    parser.add_argument("path", nargs="?", type=Path, help="the JSON file of export-gradebook / import-gradebook")
    parser.add_argument("--db", help="gradebook URL for export-gradebook / import-gradebook (default: the course's)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="course folder (default: current folder)")
    parser.add_argument("--lab", action="append", dest="labs", metavar="ASSIGNMENT",
                        help="mutation: only this lab (repeatable; default: every lab)")
    parser.add_argument("--jobs", type=int, default=2, help="mutation: labs graded at a time (default 2)")
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
        elif args.command == "clean-samples":
            samples.remove_samples(course)
            print("Removed the sample students' folders from submitted/, autograded/ and feedback/.")
        elif args.command == "mutation":
            from .mutation import main as run_mutation
            return run_mutation(course, args.labs, jobs=args.jobs, max_per_lab=args.max_per_lab,
                                report_only=args.report_only, survivors_only=args.survivors_only)
        else:
            from .benchmark import run_benchmark
            run_benchmark(course)
    except (NbgraderFailed, SandboxUnavailable) as error:
        print(f"\nerror: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
