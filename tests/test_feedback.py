"""The feedback page: HideTestTracebacks keeps a failing test's message but drops the quoted test lines, and says
plainly when an exercise was not answered or a hidden test failed; FeedbackExporter draws every formula as MathML.
(tests/test_grading_output.py checks real `nbgrader generate_feedback` pages.)"""
import logging
import re

import pytest
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from course_utils.checks import passed
from course_utils.grading import notebooks
from course_utils.grading.execute import error_output
from course_utils.grading.feedback import (HIDDEN_FAILED, HIDDEN_FAILED_NOTE, HIDDEN_TRACEBACK_NOTE, NOT_ANSWERED,
                                           HideTestTracebacks)
from course_utils.grading.feedback_page import FeedbackExporter

SECRET_LINE = "check_close('secret', my_softmax(_z), expected)"
PLACEHOLDER_ANSWER = "def my_softmax(z):\n    # YOUR CODE HERE\n    raise NotImplementedError()"


def nbgrader_cell(source, grade, solution, grade_id):
    meta = {"grade": grade, "solution": solution, "grade_id": grade_id, "locked": not solution, "schema_version": 3}
    if grade:
        meta["points"] = 1
    return new_code_cell(source, metadata={"nbgrader": meta})


def answer_cell(source, *outputs):
    cell = nbgrader_cell(source, grade=False, solution=True, grade_id="answer")
    cell.outputs = list(outputs)
    return cell


def failing_cell(grade, ename="AssertionError", evalue="my_softmax is wrong on a random vector", printed=None):
    cell = nbgrader_cell(SECRET_LINE, grade=grade, solution=False, grade_id="t")
    cell.outputs = [new_output("stream", name="stdout", text=printed)] if printed else []
    cell.outputs.append(new_output("error", ename=ename, evalue=evalue,
                                   traceback=["Traceback", f"----> 3 {SECRET_LINE}", f"{ename}: ..."]))
    return cell


def shown(*cells):
    """The traceback lines the feedback shows for the error of the last cell."""
    nb, _ = HideTestTracebacks().preprocess(new_notebook(cells=list(cells)), {})
    (error,) = [output for output in nb.cells[-1].outputs if output["output_type"] == "error"]
    return error["traceback"]


def test_test_cell_errors_keep_only_type_and_message():
    traceback = shown(failing_cell(grade=True))
    assert traceback == ["AssertionError: my_softmax is wrong on a random vector", HIDDEN_TRACEBACK_NOTE]
    assert SECRET_LINE not in str(traceback)  # (the source itself is cleared by ClearHiddenTests)


def test_other_cells_keep_their_traceback():
    nb, _ = HideTestTracebacks().preprocess(new_notebook(cells=[failing_cell(grade=False)]), {})
    assert any(SECRET_LINE in line for line in nb.cells[0].outputs[0]["traceback"])


@pytest.mark.slow
def test_a_failing_plain_assert_in_a_real_kernel_shows_no_test_line():
    """IPython quotes the failing line of a bare `assert` in its traceback, and its message is empty: the feedback
    says so, without the note that points at a message."""
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
    assert nb.cells[0].outputs[0]["traceback"] == ["AssertionError, raised without a message (the test code is not "
                                                   "shown)"]
    assert secret not in str(nb.cells[0].outputs)


@pytest.mark.parametrize("ename", ["AssertionError", "ValueError", "NotImplementedError"])
def test_an_empty_message_is_never_followed_by_the_note(ename):
    assert HIDDEN_TRACEBACK_NOTE not in shown(answer_cell("def my_softmax(z):\n    return z"),
                                              failing_cell(grade=True, ename=ename, evalue=""))


def test_a_lab_exercise_whose_function_still_raises_the_placeholder_is_not_answered():
    assert shown(answer_cell(PLACEHOLDER_ANSWER), failing_cell(grade=True, ename="NotImplementedError",
                                                               evalue="")) == [NOT_ANSWERED]


def test_a_quiz_answer_cell_that_raised_the_placeholder_is_not_answered():
    """A quiz's answer cell raises at the top level; its hidden test then finds no answer and fails with a message."""
    unanswered = answer_cell("# YOUR CODE HERE\nraise NotImplementedError()",
                             new_output("error", ename="NotImplementedError", evalue="", traceback=[]))
    assert shown(unanswered, failing_cell(grade=True, evalue="answer_q1 = None is not the right answer",
                                          printed="Not right. The answer is ...\n")) == [NOT_ANSWERED]


def test_a_placeholder_left_in_another_exercise_does_not_make_this_one_unanswered():
    """This exercise's function calls an earlier, unanswered one: the error says what it is, not "not answered"."""
    traceback = shown(answer_cell(PLACEHOLDER_ANSWER), failing_cell(grade=True, ename="NotImplementedError"),
                      answer_cell("def cross_entropy(logits, y):\n    return my_softmax(logits)"),
                      failing_cell(grade=True, ename="NotImplementedError", evalue=""))
    assert traceback == ["NotImplementedError, raised without a message (the test code is not shown)"]


def test_a_hidden_test_failing_after_the_public_ones_passed_says_so():
    from contextlib import redirect_stdout
    from io import StringIO

    with redirect_stdout(StringIO()) as printed:
        passed("my_softmax")
    cell = failing_cell(grade=True, evalue="my_softmax on a random vector of length 5: 5 of 5 values are off",
                        printed=printed.getvalue())
    assert shown(answer_cell("def my_softmax(z):\n    return z"), cell) == [
        HIDDEN_FAILED + "my_softmax on a random vector of length 5: 5 of 5 values are off", HIDDEN_FAILED_NOTE]
    assert cell.outputs[0]["text"] == printed.getvalue()  # the public line stays, now explained


def test_a_hidden_test_that_raised_another_error_names_it():
    with_pass = failing_cell(grade=True, ename="ValueError", evalue="shapes (2,) and (5,) not aligned",
                             printed="\N{WHITE HEAVY CHECK MARK} stable_softmax: all public tests passed.\n")
    assert shown(with_pass)[0] == HIDDEN_FAILED + "ValueError: shapes (2,) and (5,) not aligned"


def test_the_graders_own_errors_are_kept_as_they_are():
    """execute.py's errors (a cell not run, a kernel that died) quote no code, and no note would fit them."""
    cell = nbgrader_cell(SECRET_LINE, grade=True, solution=False, grade_id="t")
    cell.outputs = [error_output("CellNotRun", "The grader did not run this cell: the kernel died in cell 3.")]
    assert shown(cell) == ["CellNotRun: The grader did not run this cell: the kernel died in cell 3."]


# The page's formulas.

def formulas(markdown):
    """The formulas nbconvert's markdown parser finds in ``markdown`` (what MathJax would have drawn)."""
    found = []

    class Collect(IPythonRenderer):
        def inline_math(self, body):
            found.append(body)
            return ""

        block_math = inline_math

        def latex_environment(self, name, body):
            found.append(body)
            return ""

    MarkdownWithMath(renderer=Collect(escape=False)).render(markdown)
    return found


def rendered(markdown, exporter=None):
    return (exporter or FeedbackExporter()).markdown2html({"cell": new_markdown_cell(markdown)}, markdown)


def test_every_formula_of_every_assignment_becomes_mathml(course):
    missed = []
    for assignment in course.assignments():
        for cell in notebooks.read(course.notebook("source", assignment)).cells:
            if cell.cell_type == "markdown" and formulas(cell.source):
                html = rendered(cell.source)
                if html.count("<math ") != len(formulas(cell.source)) or "unrendered-math" in html:
                    missed.append(f"{assignment}/{cell.id}: {len(formulas(cell.source))} formulas, "
                                  f"{html.count('<math ')} drawn")
    assert not missed, "formulas not drawn as MathML:\n" + "\n".join(missed)


def test_display_formulas_are_blocks_and_inline_ones_are_not():
    html = rendered("Softmax $a_j$ is\n\n$$a_j = \\frac{e^{z_j}}{\\sum_k e^{z_k}}$$")
    assert html.count('display="inline"') == 1 and html.count('display="block"') == 1
    assert "<mfrac>" in html and "$" not in html


def test_a_function_name_is_set_apart_from_its_argument():
    assert '<mi>log</mi><mspace width="0.1667em" /><msub><mi>a</mi>' in rendered("$\\log a_y$")


def test_a_formula_latex2mathml_cannot_read_stays_tex_and_is_logged(caplog):
    exporter = FeedbackExporter()
    with caplog.at_level(logging.WARNING, logger=exporter.log.name):
        html = rendered("A student's own note: $x^{$ and $y$.", exporter)
    assert '<code class="unrendered-math">$x^{$</code>' in html and html.count("<math ") == 1
    assert "$x^{$" in caplog.text
