"""Feedback hygiene: a failing test cell's traceback must not show the test's source lines."""
from nbgrader.preprocessors import NbGraderPreprocessor

from .notebooks import is_test

HIDDEN_TRACEBACK_NOTE = "(the test code is not shown; the message above says what was checked)"


class HideTestTracebacks(NbGraderPreprocessor):
    """Reduce every error in a graded test cell to its type and message.

    An IPython traceback quotes the lines around the failing one, which for a hidden test are the hidden lines
    themselves. The message our checks raise already says what was expected and what came back.
    """

    def preprocess_cell(self, cell, resources, index):
        if is_test(cell):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}",
                                           HIDDEN_TRACEBACK_NOTE]
        return cell, resources
