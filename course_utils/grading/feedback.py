"""Feedback hygiene: a failing test cell's traceback must not show the test's source lines."""
import html
import re

from nbgrader.preprocessors import NbGraderPreprocessor

from .notebooks import is_test, private_lines

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


# Private lines this short ("else:", "_m, _n)") can show in any page by chance; longer ones only by leaking.
MIN_LEAK_LENGTH = 9


def visible_text(page):
    """The text a browser shows for an HTML page (syntax highlighting splits code lines into many tags)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def leaked_lines(page, source_nb, extract, allowed=()):
    """The private lines of ``source_nb`` (``extract``: notebooks.hidden_test_lines or solution_lines) that the HTML
    ``page`` shows as whole lines, indentation aside; ``allowed``: lines the page may show (e.g. the student's own)."""
    private = {line for line in private_lines(source_nb, extract) if len(line) >= MIN_LEAK_LENGTH} - set(allowed)
    return sorted(private & {line.strip() for line in visible_text(page).split("\n")})
