"""Submissions the grader can't grade as they are: say plainly what is wrong, in the log and in the feedback.

nbgrader skips a missing notebook (score 0), logs a traceback for one that is not valid JSON, and grades a notebook
of another assignment as an empty one; in none of these cases does the student get feedback that says why.
"""
import html

import nbformat

from . import notebooks

PROBLEMS_PAGE = "grading-problems.html"


def problems(course, assignment, student):
    """Plain-language problems with ``student``'s submission of ``assignment`` (empty when there are none)."""
    folder = course.root / "submitted" / student / assignment
    found = []
    for expected in sorted(path.name for path in (course.root / "source" / assignment).glob("*.ipynb")):
        path = folder / expected
        if not path.exists():
            others = sorted(other.name for other in folder.glob("*.ipynb"))
            found.append(f"There is no notebook {expected} in the submission"
                         + (f"; it holds {', '.join(others)} instead. Only {expected} is graded: hand it in under "
                            "that name." if others else ". Nothing was graded."))
            continue
        try:
            submitted = notebooks.read(path)
        except (nbformat.reader.NotJSONError, ValueError, KeyError) as error:
            found.append(f"{expected} is not a readable notebook ({type(error).__name__}: "
                         f"{str(error).splitlines()[0][:200]}), so it could not be graded. Open it in JupyterLab: if "
                         "it does not open, hand in a saved copy of your notebook.")
            continue
        owner = _owner(course, assignment, submitted)
        if owner != assignment:
            found.append(f"{expected} is not this assignment's notebook"
                         + (f": it looks like the notebook of {owner}" if owner else "")
                         + ". It was graded against this assignment's tests, so its answers may score nothing.")
    return found


def _given_cells(nb):
    """The sources of the cells a student doesn't write (instructions, setup, tests)."""
    return {cell.source for cell in nb.cells if notebooks.nbgrader_meta(cell).get("locked")}


def _owner(course, assignment, submitted):
    """The assignment whose given cells the submitted notebook holds the largest share of (``assignment`` on a tie)."""
    sources = {cell.source for cell in submitted.cells}
    shares = {}
    for candidate in course.assignments():
        given = _given_cells(notebooks.read(course.notebook("source", candidate)))
        shares[candidate] = len(given & sources) / len(given) if given else 0.0
    best = max(shares, key=shares.get)
    return assignment if shares[assignment] >= shares[best] else (best if shares[best] > 0 else None)


def report_submission(course, student, assignment, log=None):
    """Diagnose ``student``'s submission of ``assignment``: write its problems page when it has problems (remove a
    stale one when it has none), log a line per problem; return the problems."""
    found = problems(course, assignment, student)
    page = course.root / "feedback" / student / assignment / PROBLEMS_PAGE
    if found:
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(_page(assignment, found))
        for problem in found:
            if log:
                log(f"{student}/{assignment}: {problem}")
    elif page.exists():
        page.unlink()
    return found


def report_problems(course, students="*", log=print):
    """Diagnose the submissions in submitted/ of the students matching the glob ``students``; write a feedback page
    for each with problems and log a line. Returns {(student, assignment): [problems]}."""
    reported = {}
    for student_folder in sorted((course.root / "submitted").glob(f"{students}/")):
        for assignment in course.assignments():
            if (student_folder / assignment).is_dir():
                found = report_submission(course, student_folder.name, assignment, log)
                if found:
                    reported[(student_folder.name, assignment)] = found
    return reported


def _page(assignment, found):
    items = "\n".join(f"<li>{html.escape(problem)}</li>" for problem in found)
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{html.escape(assignment)}: grading "
            f"problems</title></head>\n<body>\n<h1>{html.escape(assignment)}: your submission could not be graded "
            f"as it is</h1>\n<ul>\n{items}\n</ul>\n</body></html>\n")
