"""The instructor's commands: ``python -m course_utils.grading <command> [options]``; ``--help`` after a command
lists its options. (Developer tools: ``python -m course_utils.develop``.)"""
import sys
from pathlib import Path

from . import pipeline, samples
from .classgrade.command import RemoteNeedsServer
from .classgrade.prepare import PreparationFailed
from .course import CourseCommands
from .nbgrader_cli import NbgraderFailed
from .kernels.sandbox import SandboxUnavailable


def grade(course, args):
    from .classgrade.command import grade as grade_class
    outcomes = grade_class(course, workers=args.workers, assignments=args.assignments, students=args.students,
                           db_url=args.db, feedback=not args.no_feedback, scheduler=args.scheduler,
                           fork=args.fork_kernels)
    return 1 if any(not outcome.success for outcome in outcomes) else 0


def clean_samples(course, args):
    samples.remove_samples(course)
    print("Removed the sample students' folders from submitted/, autograded/ and feedback/.")
    return 0


def gradebook(course, args):
    from .gradebook_io import gradebook_command
    return gradebook_command(course, args.command, args.path, args.db)


def main(argv=None):
    commands = CourseCommands("python -m course_utils.grading", __doc__)
    commands.add("course", lambda course, args: pipeline.run(course, assignments=args.assignments) or 0,
                 "the main job: student versions, sample submissions graded, the grade table",
                 shared=("assignments",))
    command = commands.add("grade", grade, "autograde and give feedback to every submission in submitted/, in "
                                           "parallel", shared=("assignments", "workers", "db"))
    command.add_argument("--student", action="append", dest="students", metavar="PATTERN",
                         help="only students matching this shell pattern (repeatable; default: all)")
    command.add_argument("--no-feedback", action="store_true", help="autograde only, write no feedback")
    command.add_argument("--no-fork-kernels", action="store_const", const=False, dest="fork_kernels",
                         help="start each sandboxed kernel in bubblewrap, not forked from a template that has imported "
                              "TensorFlow (as COURSE_FORK_KERNELS=0; forking needs a root grader on Linux x86_64)")
    command.add_argument("--scheduler", metavar="tcp://HOST:8786",
                         help="send the jobs to this Dask scheduler (its workers need the course's environment; the "
                              "gradebook must be a server they reach: --db postgresql://...)")
    commands.add("clean-samples", clean_samples, "remove the sample students' folders")
    for name, help_text in (("export-gradebook", "the whole gradebook to a JSON file"),
                            ("import-gradebook", "such a JSON file into an empty gradebook")):
        command = commands.add(name, gradebook, help_text, shared=("db",))
        command.add_argument("path", type=Path, help="the JSON file")
    return commands.run(argv, (NbgraderFailed, SandboxUnavailable, PreparationFailed, RemoteNeedsServer))


if __name__ == "__main__":
    sys.exit(main())
