"""The grade table: scores per assignment (rows) and student (columns), read from the gradebook; and the plain-text
table layout every grading command prints."""
from nbgrader.api import MissingEntry

from .config import open_gradebook


def score_table(course, assignments, students=None, db_url=None):
    """{student_id: {assignment: (score, max_score) or None when not submitted}} for ``students`` (default: all) in
    the course's gradebook (or the one at ``db_url``)."""
    table = {}
    with open_gradebook(course, db_url) as gradebook:
        for student in students or [s.id for s in gradebook.students]:
            row = table.setdefault(student, {})
            for assignment in assignments:
                try:
                    submission = gradebook.find_submission(assignment, student)
                except MissingEntry:
                    row[assignment] = None
                else:
                    row[assignment] = (submission.score, submission.max_score)
    return table


def format_table(table, assignments):
    """A plain-text table: one row per assignment plus a total row, one column per student."""
    students = sorted(table)
    totals = {student: [0.0, 0.0] for student in students}
    rows = []
    for assignment in assignments:
        row = [assignment]
        for student in students:
            entry = table[student].get(assignment)
            if entry is None:
                row.append("-")
            else:
                row.append(f"{entry[0]:g}/{entry[1]:g}")
                totals[student][0] += entry[0]
                totals[student][1] += entry[1]
        rows.append(row)
    rows.append(["total", *(f"{got:g}/{possible:g}" for got, possible in totals.values())])
    return text_table(["assignment", *students], rows, total_row=True)


def text_table(header, rows, total_row=False):
    """Left-aligned plain-text columns under a ruled header; ``total_row``: a rule above the last row too. The one
    table layout of the grading commands' output."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    rule = "  ".join("-" * width for width in widths)
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in [header, *rows]]
    lines.insert(1, rule)
    if total_row:
        lines.insert(len(lines) - 1, rule)
    return "\n".join(lines)
