"""HideTestTracebacks keeps a failing test's message but drops the quoted test lines."""
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
