"""Ready the gradebook before the jobs fan out, in this one process.

Done by many workers at once, each of these fails: a fresh gradebook's schema is created twice (duplicate tables),
an assignment is recorded twice (unique constraint), a student is added twice. So first the schema, then every
assignment of the jobs (``generate_assignment``: its notebooks and cells, which autograde checks submissions
against), then every student.
"""
from nbgrader.api import Gradebook


class PreparationFailed(RuntimeError):
    """The gradebook could not be readied (the message says which step and why)."""


def prepare(grader, jobs, generate=True):
    """Create the gradebook's schema, generate the jobs' assignments (unless ``generate`` is False: just done) and
    add their students, through ``grader`` (a :class:`~.grader.Grader` of the course)."""
    with Gradebook(grader.db_url, course_id=grader.course_id) as gradebook:
        for assignment in sorted({job.assignment for job in jobs} if generate else ()):
            result = grader.api.generate_assignment(assignment, force=True)
            if not result["success"]:
                raise PreparationFailed(f"generate_assignment {assignment} failed:\n"
                                        f"{result.get('error') or result.get('log', '')}")
        for student in sorted({job.student for job in jobs}):
            gradebook.update_or_create_student(student)
