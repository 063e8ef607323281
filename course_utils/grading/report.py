"""The grade table: every student's score per assignment, read from the gradebook."""
from nbgrader.api import Gradebook, MissingEntry


def score_table(db_url, assignments):
    """{student_id: {assignment: (score, max_score) or None when not submitted}}."""
    table = {}
    with Gradebook(db_url) as gradebook:
        for student in gradebook.students:
            row = table.setdefault(student.id, {})
            for assignment in assignments:
                try:
                    submission = gradebook.find_submission(assignment, student.id)
                except MissingEntry:
                    row[assignment] = None
                else:
                    row[assignment] = (submission.score, submission.max_score)
    return table


def format_table(table, assignments):
    """A plain-text table, one row per student, one column per assignment, plus the total."""
    header = ["student", *assignments, "total"]
    rows = []
    for student, scores in sorted(table.items()):
        cells = [student]
        got = possible = 0.0
        for assignment in assignments:
            entry = scores.get(assignment)
            if entry is None:
                cells.append("-")
            else:
                cells.append(f"{entry[0]:g}/{entry[1]:g}")
                got, possible = got + entry[0], possible + entry[1]
        cells.append(f"{got:g}/{possible:g}")
        rows.append(cells)
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)) for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
