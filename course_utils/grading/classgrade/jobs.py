"""The grading jobs of a course: one per (assignment, student) pair found in ``submitted/``."""
from dataclasses import dataclass, field
from fnmatch import fnmatchcase


@dataclass(frozen=True, order=True)
class Job:
    assignment: str
    student: str

    @property
    def name(self):
        return f"{self.assignment}/{self.student}"


@dataclass
class Outcome:
    """What grading a job gave: the score, or why it failed. ``files`` carries the autograded and feedback files
    back from a remote worker (relative path -> bytes); local workers write them in place."""

    job: Job
    success: bool
    seconds: float
    score: float = None
    max_score: float = None
    error: str = ""
    log: str = ""
    attempts: int = 1
    files: dict = field(default_factory=dict)


def matches(name, patterns):
    return not patterns or any(fnmatchcase(name, pattern) for pattern in patterns)


def find_jobs(course, assignments=None, students=None):
    """The jobs of ``course``: every ``submitted/<student>/<assignment>/`` folder whose assignment the course has,
    filtered by shell patterns (``assignments``, ``students``; None: all). Returns (jobs, folders of unknown
    assignments)."""
    known = set(course.assignments())
    jobs, unknown = [], []
    submitted = course.root / "submitted"
    if not submitted.is_dir():
        return jobs, unknown
    for student_dir in sorted(path for path in submitted.iterdir() if path.is_dir()):
        if not matches(student_dir.name, students):
            continue
        for assignment_dir in sorted(path for path in student_dir.iterdir() if path.is_dir()):
            if not matches(assignment_dir.name, assignments):
                continue
            if assignment_dir.name in known:
                jobs.append(Job(assignment_dir.name, student_dir.name))
            else:
                unknown.append(assignment_dir)
    return jobs, unknown
