"""Feedback hygiene: a failing test cell's traceback must not show the test's source lines, and what the feedback
says instead must be plain: not answered, a public check that failed, or a hidden test that failed."""
import html
import io
import re
from contextlib import redirect_stdout

from nbgrader.preprocessors import NbGraderPreprocessor

from course_utils.checks import passed

from .notebooks import exercises, grade_id, is_answer, is_test, private_lines

HIDDEN_TRACEBACK_NOTE = "(the test code is not shown; the message above says what was checked)"
NOT_ANSWERED = ("\N{CROSS MARK} Not answered: the answer cell above still raises NotImplementedError. Replace its "
                "`raise NotImplementedError()` line with your answer.")
HIDDEN_FAILED = "\N{CROSS MARK} A hidden test failed: "
HIDDEN_FAILED_NOTE = ("(The public tests above passed, but a hidden test, which runs your code on inputs you have not "
                      "seen, did not. Its code is not shown.)")
# The release's placeholder in an answer cell (nbgrader's ClearSolutions.code_stub for Python).
PLACEHOLDER = re.compile(r"^\s*raise NotImplementedError\b", re.MULTILINE)


def _public_pass_line():
    """A pattern for the line course_utils.checks.passed prints once a test cell's public checks all pass."""
    with redirect_stdout(io.StringIO()) as printed:
        passed("\0")
    before, after = printed.getvalue().strip().split("\0")
    return re.compile(f"^{re.escape(before)}.+{re.escape(after)}$", re.MULTILINE)


PUBLIC_PASS_LINE = _public_pass_line()


class HideTestTracebacks(NbGraderPreprocessor):
    """Reduce every error in a graded test cell to a plain message that quotes no test code.

    An IPython traceback quotes the lines around the failing one, which for a hidden test are the hidden lines
    themselves. The message our checks raise already says what was expected and what came back. Two failures get
    words of their own: an exercise not answered (its answer still raises the release's NotImplementedError, whose
    message is empty), and a hidden test that failed after the cell printed that its public tests passed (read
    alone, the two lines contradict each other). Errors the grader made itself (course_utils/grading/execute.py:
    a cell not run, a kernel that died) quote no code and are kept as they are.
    """

    def preprocess(self, nb, resources):
        cells = {grade_id(cell): cell for cell in nb.cells if is_answer(cell)}
        self._answers = {test: [cells[answer] for answer in exercise.answer_ids]
                         for exercise in exercises(nb) for test in exercise.test_ids}
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if is_test(cell):
            printed = "".join(output.get("text", "") for output in cell.get("outputs", [])
                              if output.get("output_type") == "stream")
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = self._explained(output, self._answers.get(grade_id(cell), []), printed)
        return cell, resources

    @staticmethod
    def _explained(error, answers, printed):
        """The traceback lines the feedback shows for ``error`` of a test cell that printed ``printed``."""
        ename, evalue = error.get("ename", "Error"), error.get("evalue", "")
        if error.get("traceback") == [f"{ename}: {evalue}"]:
            return error["traceback"]  # made by the grader (execute.error_output): it quotes no code
        evalue = evalue.strip()
        if _not_answered(ename, answers):
            return [NOT_ANSWERED]
        said = f"{ename}: {evalue}" if evalue else f"{ename}, raised without a message"
        if PUBLIC_PASS_LINE.search(printed):
            return [HIDDEN_FAILED + said.removeprefix("AssertionError: "), HIDDEN_FAILED_NOTE]
        return [said, HIDDEN_TRACEBACK_NOTE] if evalue else [f"{said} (the test code is not shown)"]


def _not_answered(ename, answers):
    """Whether a test cell's error comes from an unanswered exercise: one of its answer cells raised
    NotImplementedError when run (a quiz's top-level placeholder), or the test raised it and an answer cell still
    holds the placeholder (a lab's function whose body is the placeholder)."""
    return any(any(output.get("ename") == "NotImplementedError" for output in answer.get("outputs", []))
               or (ename == "NotImplementedError" and PLACEHOLDER.search(answer.source)) for answer in answers)


# Private lines this short ("else:", "_m, _n)") can show in any page by chance; longer ones only by leaking.
MIN_LEAK_LENGTH = 9


def visible_text(page):
    """The text a browser shows for an HTML page (syntax highlighting splits code lines into many tags; style sheets
    and scripts are not shown)."""
    page = re.sub(r"<(style|script)\b.*?</\1\s*>", "", page, flags=re.DOTALL | re.IGNORECASE)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def leaked_lines(page, source_nb, extract, allowed=()):
    """The private lines of ``source_nb`` (``extract``: notebooks.hidden_test_lines or solution_lines) that the HTML
    ``page`` shows as whole lines, indentation aside; ``allowed``: lines the page may show (e.g. the student's own)."""
    private = {line for line in private_lines(source_nb, extract) if len(line) >= MIN_LEAK_LENGTH} - set(allowed)
    return sorted(private & {line.strip() for line in visible_text(page).split("\n")})
