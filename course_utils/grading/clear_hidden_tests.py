"""The feedback page leaves the hidden tests out of the test cells only: a student's own cell is shown as written."""
from nbgrader.preprocessors import ClearHiddenTests

from .notebooks import is_test


class ClearHiddenTestsOfTestCells(ClearHiddenTests):
    """nbgrader's ClearHiddenTests, applied to the notebook's test cells (locked; autograde restored them from the
    source) and to no other cell. nbgrader's own version also cuts marker pairs out of a student's answer cell, and
    stops generate_feedback for that student with an error when the markers there are unmatched or the cell is not a
    graded one."""

    def preprocess_cell(self, cell, resources, index):
        if not is_test(cell):
            return cell, resources
        return super().preprocess_cell(cell, resources, index)
