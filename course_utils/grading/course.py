"""Where things live in a course folder, and which assignments it has."""
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
