"""Command line: ``python -m course_utils.grading {course,clean-samples,benchmark}``."""
import argparse
import sys
from pathlib import Path

from . import pipeline, samples
from .course import Course
from .nbgrader_cli import NbgraderFailed


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m course_utils.grading", description=__doc__)
    parser.add_argument("command", choices=("course", "clean-samples", "benchmark"),
                        help="course: the main job; clean-samples: remove the sample students' folders; "
                             "benchmark: time each lab's execution and autograding")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="course folder (default: current folder)")
    args = parser.parse_args(argv)
    course = Course(args.root.resolve())
    if not (course.root / "nbgrader_config.py").is_file():
        parser.error(f"{course.root} is not a course folder (no nbgrader_config.py)")
    try:
        if args.command == "course":
            pipeline.run(course)
        elif args.command == "clean-samples":
            samples.remove_samples(course)
            print("Removed the sample students' folders from submitted/, autograded/ and feedback/.")
        else:
            from .benchmark import run_benchmark
            run_benchmark(course)
    except NbgraderFailed as error:
        print(f"\nerror: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
