"""A scratch course: a copy of the course in a folder of its own, to hand in submissions, grade them the way the
course grades (the ``grade`` command, or an nbgrader command) and read what came out. The one harness of the tests
that grade, and of the benchmarks.

    course = ScratchCourse.copy_of(COURSE, folder, assignments=["lab3_softmax"])
    course.submit_sample("lab3_softmax", samples.PERFECT)
    assert course.grade().returncode == 0
    course.scores()  # {("lab3_softmax", "sample_perfect"): (10.0, 10.0)}
"""
import shutil
import subprocess
import sys
from pathlib import Path

from nbgrader.api import MissingEntry

from ..grading import notebooks, samples
from ..grading.config import open_gradebook
from ..grading.course import Course
from ..grading.nbgrader_cli import nbgrader_env
from ..grading.report import score_table

PARTS = ("source", "release", "nbgrader_config.py")  # what grading needs; course_utils itself comes from the install


def grading_env(extra=None):
    """The environment to grade a scratch course in: this one, but for the instructor's gradebook URL (a copy keeps
    its own SQLite gradebook), with ``extra`` on top."""
    return {**nbgrader_env(keep_db_url=False), **(extra or {})}


def succeeded(result):
    """``result`` (what ScratchCourse.run returned) when its command exited 0; else a RuntimeError that names the
    command and ends with its output."""
    if result.returncode != 0:
        command = " ".join(str(arg) for arg in result.args[2:])
        raise RuntimeError(f"`{command}` failed (exit {result.returncode}):\n{result.stdout[-3000:]}"
                           f"{result.stderr[-3000:]}")
    return result


class ScratchCourse(Course):
    @classmethod
    def copy_of(cls, course, folder, assignments=None, parts=PARTS):
        """A copy of ``course``'s ``parts`` in ``folder``, source/ and release/ holding ``assignments`` (default:
        all)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for part in parts:
            if part in ("source", "release"):
                for assignment in assignments or course.assignments():
                    shutil.copytree(course.root / part / assignment, folder / part / assignment)
            elif (course.root / part).is_dir():
                shutil.copytree(course.root / part, folder / part)
            else:
                shutil.copy2(course.root / part, folder / part)
        return cls(folder)

    def submit(self, assignment, student, nb):
        """Hand in the notebook ``nb`` as ``student``'s submission of ``assignment``; return its path."""
        path = self.notebook("submitted", assignment, student)
        notebooks.write(nb, path)
        return path

    def submit_sample(self, assignment, sample, student=None, answers=()):
        """Hand in the sample student ``sample``'s submission of ``assignment`` (as ``student``, by default the
        sample's id), with each (answer cell id, source) of ``answers`` in place of its answer."""
        nb = samples.make_submission(sample, notebooks.read(self.notebook("source", assignment)),
                                     notebooks.read(self.notebook("release", assignment)))
        for answer_id, source in answers:
            nb = samples.with_answer(nb, answer_id, source)
        return self.submit(assignment, student or sample.student_id, nb)

    def run(self, *args, env=None, module="course_utils.grading"):
        """``python -m MODULE ARGS`` in the course folder (environment: grading_env()); the CompletedProcess."""
        return subprocess.run([sys.executable, "-m", module, *args], cwd=self.root, env=env or grading_env(),
                              capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=1800)

    def grade(self, *options, env=None):
        """The ``grade`` command on this course (what the main job and instructors grade with)."""
        return self.run("grade", "--root", str(self.root), *options, env=env)

    def main_job(self, *options):
        """The main job (what `make` runs after the setup) on this course."""
        return self.run("course", "--root", str(self.root), *options)

    def nbgrader(self, *args, env=None):
        """An nbgrader command in this course."""
        return self.run(*args, env=env, module="nbgrader")

    def gradebook(self, db_url=None):
        return open_gradebook(self, db_url)

    def scores(self, db_url=None):
        """{(assignment, student): (score, max score)} of every graded submission."""
        table = score_table(self, self.assignments(), db_url=db_url)
        return {(assignment, student): entry for student, row in table.items() for assignment, entry in row.items()
                if entry is not None}

    def cell_scores(self, assignment, student, db_url=None):
        """{test cell grade_id: (score, max score)} of ``student``'s graded submission (empty when it has none)."""
        with self.gradebook(db_url) as gradebook:
            try:
                graded = gradebook.find_submission_notebook(assignment, assignment, student)
            except MissingEntry:
                return {}
            return {grade.name: (grade.score, grade.max_score) for grade in graded.grades}

    def feedback_page(self, assignment, student):
        return self.notebook("feedback", assignment, student).read_text()
