"""HideTestTracebacks keeps a failing test's message but drops the quoted test lines."""
import re

import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from course_utils.grading.feedback import HIDDEN_TRACEBACK_NOTE, HideTestTracebacks

SECRET_LINE = "check_close('secret', my_softmax(_z), expected)"


def failing_cell(grade):
    cell = new_code_cell(SECRET_LINE, metadata={"nbgrader": {"grade": grade, "solution": False, "grade_id": "t",
                                                             "points": 1, "locked": True, "schema_version": 3}})
    cell.outputs = [new_output("error", ename="AssertionError", evalue="my_softmax is wrong on a random vector",
                               traceback=["Traceback", f"----> 3 {SECRET_LINE}", "AssertionError: ..."])]
    return cell


def test_test_cell_errors_keep_only_type_and_message():
    nb = new_notebook(cells=[failing_cell(grade=True)])
    nb, _ = HideTestTracebacks().preprocess(nb, {})
    traceback = nb.cells[0].outputs[0]["traceback"]
    assert traceback == ["AssertionError: my_softmax is wrong on a random vector", HIDDEN_TRACEBACK_NOTE]
    assert SECRET_LINE not in str(nb.cells[0].outputs)  # (the source itself is cleared by ClearHiddenTests)


def test_other_cells_keep_their_traceback():
    nb = new_notebook(cells=[failing_cell(grade=False)])
    nb, _ = HideTestTracebacks().preprocess(nb, {})
    assert any(SECRET_LINE in line for line in nb.cells[0].outputs[0]["traceback"])


@pytest.mark.slow
def test_a_failing_plain_assert_in_a_real_kernel_shows_no_test_line():
    """IPython quotes the failing line of a bare `assert` in its traceback, and its message is empty: the feedback
    keeps only `AssertionError: ` and the note."""
    from nbclient import NotebookClient

    secret = "assert _secret_total == 41"
    cell = failing_cell(grade=True)
    cell.source, cell.outputs = f"_secret_total = 40\n{secret}", []
    nb = new_notebook(cells=[cell], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                             "language": "python"}})
    NotebookClient(nb, allow_errors=True, timeout=60, startup_timeout=120).execute()
    (error,) = [output for output in nb.cells[0].outputs if output["output_type"] == "error"]
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in error["traceback"]]  # without terminal colours
    assert any(secret in line for line in plain), "IPython no longer quotes the failing line"
    nb, _ = HideTestTracebacks().preprocess(nb, {})
    assert nb.cells[0].outputs[0]["traceback"] == ["AssertionError: ", HIDDEN_TRACEBACK_NOTE]
    assert secret not in str(nb.cells[0].outputs)


def test_hidden_tests_use_no_bare_assert(course):
    """A bare `assert` fails with an empty message, so its feedback would say nothing: hidden tests raise through
    course_utils.checks (or give `assert` a message)."""
    from course_utils.grading import notebooks

    bare = [f"{assignment}: {line}" for assignment in course.assignments()
            for cell in notebooks.read(course.notebook("source", assignment)).cells
            for line in notebooks.hidden_test_lines(cell.source)
            if line.startswith("assert ") and "," not in line]
    assert not bare, f"hidden tests with a bare assert: {bare}"
