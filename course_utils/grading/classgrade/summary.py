"""The end of a grading run: a table per assignment, the failed jobs with why, and each job's log file."""
import re


def summary_table(outcomes, assignments):
    """Rows per assignment (in ``assignments`` order): jobs, graded, failed, mean score, mean seconds."""
    header = ["assignment", "jobs", "graded", "failed", "mean score", "mean time"]
    rows = []
    for assignment in assignments:
        mine = [outcome for outcome in outcomes if outcome.job.assignment == assignment]
        if not mine:
            continue
        graded = [outcome for outcome in mine if outcome.success]
        mean_score = (f"{sum(o.score for o in graded) / len(graded):.1f}/{graded[0].max_score:g}" if graded else "-")
        rows.append([assignment, str(len(mine)), str(len(graded)), str(len(mine) - len(graded)), mean_score,
                     f"{sum(o.seconds for o in mine) / len(mine):.1f} s"])
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def failure_list(outcomes, log_path):
    """One paragraph per failed job: which, after how many attempts, why, and where its log is."""
    return "\n".join(f"  {outcome.job.name}: {outcome.error} (after {outcome.attempts} attempts; no grade kept: "
                     f"regrade it once fixed; log: {log_path(outcome.job)})" for outcome in outcomes
                     if not outcome.success)


# The first line of a graded job's log (write_log), with the job's seconds (read by the benchmark).
GRADED_LINE = re.compile(r"^\S+: graded \(attempt \d+, ([0-9.]+) s\)", re.MULTILINE)


def write_log(outcome, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    status = "graded" if outcome.success else f"FAILED: {outcome.error}"
    path.write_text(f"{outcome.job.name}: {status} (attempt {outcome.attempts}, {outcome.seconds:.1f} s)\n\n"
                    f"{outcome.log}")
