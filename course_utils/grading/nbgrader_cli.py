"""Run nbgrader commands for a course, logging their output to a file instead of the terminal."""
import os
import subprocess
import sys
from pathlib import Path


class NbgraderFailed(RuntimeError):
    """An nbgrader command exited non-zero; the message holds the end of its log."""


def run_nbgrader(course, step_name, *args):
    """Run ``nbgrader ARGS`` in the course root; its output goes to logs/<step_name>.log."""
    course.log_dir.mkdir(exist_ok=True)
    # nbgrader calls `alembic` (and kernels start `python`) by name: the environment's bin/ goes first on PATH.
    env = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
    log_path = course.log_dir / f"{step_name}.log"
    with open(log_path, "w") as log:
        result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course.root,
                                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
    if result.returncode != 0:
        tail = "\n".join(log_path.read_text().splitlines()[-25:])
        raise NbgraderFailed(f"`nbgrader {' '.join(args)}` failed (exit {result.returncode}); "
                             f"end of {log_path}:\n{tail}")
    return log_path
