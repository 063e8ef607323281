"""A preprocessor that makes nbgrader's autograde fail for chosen students, to test what a failed grading leaves
behind (tests/test_grade_command.py adds it to a temp course's nbgrader_config.py)."""
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import List, Unicode


class FailFor(NbGraderPreprocessor):  # nbgrader's base: enabled by default (nbconvert's is not)
    students = List(Unicode(), config=True, help="The students whose grading fails.")

    def preprocess(self, nb, resources):
        student = resources["nbgrader"]["student"]
        if student in self.students:
            raise RuntimeError(f"grading of {student} failed on purpose (tests/failing_preprocessor.py)")
        return nb, resources


CONFIG = '''
# tests/failing_preprocessor.py: autograde fails for these students.
from failing_preprocessor import FailFor
c.Autograde.autograde_preprocessors = [FailFor] + list(c.Autograde.autograde_preprocessors)
c.FailFor.students = {students!r}
'''
