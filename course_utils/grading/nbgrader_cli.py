"""Run nbgrader commands for a course, logging their output to a file instead of the terminal."""
import os
import subprocess
import sys
from pathlib import Path


class NbgraderFailed(RuntimeError):
    """An nbgrader command exited non-zero; the message holds the end of its log."""


def nbgrader_env(keep_db_url=True):
    """The environment for an nbgrader command: this one, with its bin/ first on PATH (nbgrader calls `alembic`, and
    kernels start `python`, by name). ``keep_db_url=False`` drops COURSE_DB_URL, so that a temp copy of the course
    uses its own SQLite gradebook."""
    env = {key: value for key, value in os.environ.items() if keep_db_url or key != "COURSE_DB_URL"}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def run_nbgrader(course, step_name, *args):
    """Run ``nbgrader ARGS`` in the course root; its output goes to logs/<step_name>.log."""
    course.log_dir.mkdir(exist_ok=True)
    env = nbgrader_env()
    log_path = course.log_dir / f"{step_name}.log"
    with open(log_path, "w") as log:
        result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course.root,
                                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
    if result.returncode != 0:
        tail = "\n".join(log_path.read_text().splitlines()[-25:])
        raise NbgraderFailed(f"`nbgrader {' '.join(args)}` failed (exit {result.returncode}); "
                             f"end of {log_path}:\n{tail}")
    return log_path
