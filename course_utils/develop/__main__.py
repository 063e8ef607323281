"""The developer tools: ``python -m course_utils.develop <command> [options]``; ``--help`` after a command lists its
options."""
import sys

from ..grading.course import CourseCommands
from .surprise_gap import MeasurementError


def mutation(course, args):
    from .mutation import main as run_mutation
    return run_mutation(course, args.labs, jobs=args.jobs, max_per_lab=args.max_per_lab,
                        report_only=args.report_only, survivors_only=args.survivors_only)


def surprise_gap(course, args):
    from .surprise_gap import main as measure_gap
    return measure_gap(course, args.assignments, jobs=args.jobs)


def benchmark(course, args):
    from .benchmark import run_benchmark
    run_benchmark(course)
    return 0


def benchmark_grading(course, args):
    from .benchmark_grading import run_grading_benchmark
    return run_grading_benchmark(course, students=args.students, assignment_patterns=args.assignments,
                                 workers=args.workers)


def main(argv=None):
    commands = CourseCommands("python -m course_utils.develop", __doc__)
    command = commands.add("mutation", mutation, "grade mutants of the labs' solutions (tests/mutation/REPORT.md)")
    command.add_argument("--lab", action="append", dest="labs", metavar="ASSIGNMENT",
                         help="only this lab (repeatable; default: every lab)")
    command.add_argument("--jobs", type=int, default=2, help="labs graded at a time (default 2)")
    command.add_argument("--max-per-lab", type=int, default=None,
                         help="grade only the first N mutants of each lab (the report says so)")
    command.add_argument("--survivors-only", action="store_true",
                         help="regrade only the last run's survivors (after adding tests)")
    command.add_argument("--report-only", action="store_true",
                         help="rewrite REPORT.md from results.json without grading")
    command = commands.add("surprise-gap", surprise_gap, "the labs' typical wrong answers that pass every public "
                                                         "check", shared=("assignments",))
    command.add_argument("--jobs", type=int, default=2, help="labs measured at a time (default 2)")
    commands.add("benchmark", benchmark, "time each lab's execution and autograding")
    command = commands.add("benchmark-grading", benchmark_grading, "grade a class of sample students in every mode, "
                                                                   "side by side", shared=("assignments", "workers"))
    command.add_argument("--students", type=int, default=100, help="students in the class (default 100)")
    return commands.run(argv, MeasurementError)


if __name__ == "__main__":
    sys.exit(main())
