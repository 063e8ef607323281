"""Where things live in a course folder, which assignments it has, and the command lines that work on one."""
import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

# nbgrader's step folders that hold one sub-folder per student.
STUDENT_STEPS = ("submitted", "autograded", "feedback")


@dataclass(frozen=True)
class Course:
    """A course folder laid out as nbgrader expects: source/<assignment>/<assignment>.ipynb and so on.

    Every assignment holds one notebook named after it (``source/lab3_softmax/lab3_softmax.ipynb``).
    """

    root: Path

    def assignments(self):
        """Assignment ids in teaching order (labs by number, then the digit practice lab, then quizzes)."""
        found = [d.name for d in (self.root / "source").iterdir() if (d / f"{d.name}.ipynb").is_file()]
        return sorted(found, key=lambda name: (not name.startswith("lab"), not name.startswith("practice"), name))

    def notebook(self, step, assignment, student=None):
        """Path of an assignment's notebook at an nbgrader step (feedback: the HTML page)."""
        if step in STUDENT_STEPS:
            if student is None:
                raise ValueError(f"the {step} step needs a student id")
            suffix = ".html" if step == "feedback" else ".ipynb"
            return self.root / step / student / assignment / f"{assignment}{suffix}"
        return self.root / step / assignment / f"{assignment}.ipynb"

    @property
    def grades_csv(self):
        return self.root / "grades.csv"

    @property
    def gradebook_json(self):
        """The whole gradebook, written by the main job (course_utils/grading/gradebook_io.py)."""
        return self.root / "gradebook.json"

    @property
    def log_dir(self):
        return self.root / "logs"


# Options that more than one subcommand takes, each defined once: name -> (flags, argparse keywords).
SHARED_OPTIONS = {
    "assignments": (("--assignment",), dict(action="append", dest="assignments", metavar="PATTERN",
                                            help="only assignments matching this shell pattern (repeatable; default: "
                                                 "all)")),
    "workers": (("--workers",), dict(type=int, default=None, help="submissions graded at a time (default: one per "
                                                                  "core)")),
    "db": (("--db",), dict(help="gradebook URL (default: the course's, COURSE_DB_URL or gradebook.db)")),
}


class CourseCommands:
    """A parser of subcommands, each with its own options and ``--root``, the course folder."""

    def __init__(self, prog, description):
        self.parser = argparse.ArgumentParser(prog=prog, description=description)
        self._commands = self.parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
        self._root = argparse.ArgumentParser(add_help=False)
        self._root.add_argument("--root", type=Path, default=Path.cwd(),
                                help="course folder (default: current folder)")

    def add(self, name, run, help, shared=()):
        """A subcommand that calls ``run(course, args)`` (it returns the exit code) and takes the ``shared`` options
        (names in SHARED_OPTIONS); returns its parser, for options of its own."""
        command = self._commands.add_parser(name, help=help, parents=[self._root])
        for option in shared:
            flags, keywords = SHARED_OPTIONS[option]
            command.add_argument(*flags, **keywords)
        command.set_defaults(run=run)
        return command

    def run(self, argv, expected_errors):
        """Parse ``argv`` and run its command in its course; an ``expected_errors`` error is printed, exit code 1."""
        args = self.parser.parse_args(argv)
        course = Course(args.root.resolve())
        if not (course.root / "nbgrader_config.py").is_file():
            self.parser.error(f"{course.root} is not a course folder (no nbgrader_config.py)")
        try:
            return args.run(course, args)
        except expected_errors as error:
            print(f"\nerror: {error}", file=sys.stderr)
            return 1
