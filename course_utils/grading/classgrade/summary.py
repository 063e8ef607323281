"""The end of a grading run: a table per assignment, the failed jobs with why, and each job's log file."""
import json

from ..report import text_table


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
    return text_table(header, rows)


def failure_list(outcomes, log_path):
    """One paragraph per failed job: which, after how many attempts, why, and where its log is."""
    return "\n".join(f"  {outcome.job.name}: {outcome.error} (after {outcome.attempts} attempts; no grade kept: "
                     f"regrade it once fixed; log: {log_path(outcome.job)})" for outcome in outcomes
                     if not outcome.success)


def write_log(outcome, path):
    """The job's log for people (``path``: what happened, then nbgrader's output) and its record as data beside it
    (record_path: read by the grading benchmark)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    status = "graded" if outcome.success else f"FAILED: {outcome.error}"
    path.write_text(f"{outcome.job.name}: {status} (attempt {outcome.attempts}, {outcome.seconds:.1f} s)\n\n"
                    f"{outcome.log}")
    record = {"assignment": outcome.job.assignment, "student": outcome.job.student, "success": outcome.success,
              "attempts": outcome.attempts, "seconds": round(outcome.seconds, 3), "score": outcome.score,
              "max_score": outcome.max_score, "error": outcome.error}
    record_path(path).write_text(json.dumps(record, indent=1) + "\n")


def record_path(log_path):
    return log_path.with_suffix(".json")


def read_records(log_dir):
    """The records of every job whose log is under ``log_dir`` (logs/grade/)."""
    return [json.loads(path.read_text()) for path in sorted(log_dir.glob("*/*.json"))]
