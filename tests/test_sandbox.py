"""The grading sandbox (course_utils/grading/kernels/sandbox.py): student code graded by a real `nbgrader autograde`
tries to reach the network, read the gradebook, source/ and other students' notebooks and kernels, write outside
its folder, and exhaust memory and processes; every attempt fails, and its legitimate answers are still graded.
Plus unit tests of the bubblewrap command line and of the fallback to a normal kernel.
"""
import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from conftest import grading_env, scratch_course
from course_utils.grading import notebooks
from course_utils.grading.kernels import FORK_ENV, GradingKernels, REQUIRE_ENV, forked, sandbox
from course_utils.grading.samples import PERFECT, make_submission, with_answer

ASSIGNMENT = "quiz1_training"
ANSWER_ID, ANSWER = "q1", 'answer_q1 = "B"'
GOOD, ATTACKER = "aaa_honest", "zzz_attacker"  # graded in this order: the honest one's autograded notebook exists
RESULT_TAG = "SANDBOX-RESULT "

needs_sandbox = pytest.mark.skipif(not sandbox.available()[0] and not GradingKernels().require_sandbox,
                                   reason="bubblewrap unavailable here (CI requires it)")

# The attempts, run in the attacker's answer cell. Each records what happened; the cell then answers correctly.
ATTEMPTS = r'''
import glob, json, os, socket, time

PATHS = json.loads(__PATHS__)
results = {}

def attempt(name, action):
    try:
        results[name] = "DONE: " + repr(action())[:200]
    except BaseException as error:  # noqa: BLE001 (MemoryError, OSError, ...: all count as stopped)
        results[name] = "STOPPED: " + type(error).__name__ + ": " + str(error)[:200]

def read(path):
    with open(path, "rb") as handle:
        return handle.read(100)

def write(path):
    with open(path, "w") as handle:
        handle.write("pwned")
    return path

attempt("net_outside", lambda: socket.create_connection(("1.1.1.1", 53), timeout=3))
attempt("net_dns", lambda: socket.getaddrinfo("example.com", 80))
attempt("net_localhost", lambda: socket.create_connection(("127.0.0.1", PATHS["port"]), timeout=3))
attempt("read_gradebook", lambda: read(PATHS["gradebook"]))
def others_visible():
    """What the course root shows besides the path to this kernel's own folder."""
    root = PATHS["root"]
    seen = [name for name in os.listdir(root) if name != "autograded"]
    seen += [name for name in os.listdir(os.path.join(root, "autograded")) if name != PATHS["me"]]
    return seen or read("/nonexistent/nothing-else-visible")
attempt("list_course_root", others_visible)
attempt("read_source", lambda: read(PATHS["source"]))
attempt("read_other_submitted", lambda: read(PATHS["other_submitted"]))
attempt("read_other_autograded", lambda: read(PATHS["other_autograded"]))
attempt("read_decoy_connection_file", lambda: read(PATHS["decoy_connection"]))
attempt("read_runtime_connection_file", lambda: read(PATHS["runtime_connection"]))
from ipykernel import get_connection_file
own_folder = os.path.dirname(get_connection_file())
attempt("find_other_kernels", lambda: [path for path in glob.glob("/tmp/*/*.json") + glob.glob("/tmp/*.json")
                                       if os.path.dirname(path) != own_folder]
        or read("/nonexistent/no-other-kernel"))
attempt("write_course_root", lambda: write(os.path.join(PATHS["root"], "pwned.txt")))
attempt("write_autograded_other", lambda: write(PATHS["other_autograded"]))
attempt("write_home", lambda: write(os.path.join(PATHS["home"], "pwned.txt")))
attempt("write_course_utils", lambda: write(os.path.join(PATHS["course_utils"], "pwned.py")))
import importlib
attempt("import_answer_key", lambda: importlib.import_module("course_utils." + "reference.quizzes"))
attempt("import_grading_code", lambda: importlib.import_module("course_utils." + "grading.hidden"))
attempt("read_reference_source", lambda: read(os.path.join(PATHS["course_utils"], "reference", "quizzes.py")))
attempt("read_graded_notebook", lambda: os.listdir(".") or read(PATHS["notebook_name"]))
attempt("write_etc", lambda: write("/etc/pwned.txt"))
attempt("secret_env", lambda: os.environ["SANDBOX_TEST_SECRET"])
attempt("memory_bytearray", lambda: len(bytearray(64 * 2**30)))
hoard = []
def grow():
    while True:
        hoard.append(bytearray(2**26))
attempt("memory_growing_list", grow)
results["memory_growing_list"] += f" after {len(hoard) * 64} MiB"
del hoard
children = []
def fork_bomb():
    for _ in range(100000):
        pid = os.fork()
        if pid == 0:
            time.sleep(60)
            os._exit(0)
        children.append(pid)
attempt("fork_bomb", fork_bomb)
results["fork_bomb"] += f" after {len(children)} processes"
for pid in children:
    os.kill(pid, 9)
for pid in children:
    os.waitpid(pid, 0)
# Legitimate: the kernel may write in its working folder and its /tmp (private: nobody else sees them).
results["write_own_folder"] = write("own_file.txt")
results["write_private_tmp"] = write(PATHS["host_tmp_file"])
results["uid"] = os.getuid()
import sys
results["tensorflow_preloaded"] = "tensorflow" in sys.modules
print(__TAG__ + json.dumps(results))
'''


def attempts_code(paths):
    return (ATTEMPTS.replace("__PATHS__", repr(json.dumps(paths))).replace("__TAG__", repr(RESULT_TAG))
            + "\n" + ANSWER + "\n")


class Listener:
    """A TCP server on the grader's 127.0.0.1 that records whether anything connected."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stopped.is_set():
            try:
                conn, _ = self.server.accept()
                self.connections += 1
                conn.close()
            except OSError:
                pass

    def close(self):
        self.stopped.set()
        self.thread.join()
        self.server.close()


# The two ways a grading kernel starts: forked from the template and sandboxed by it (where the grader is root on
# Linux x86_64), or in bubblewrap. Every attempt must fail in both.
LAUNCHERS = {"forked": "1", "bubblewrap": "0"}  # the value of FORK_ENV


@pytest.fixture(scope="module", params=LAUNCHERS)
def graded(request, tmp_path_factory):
    """A temp course in which one honest student and one attacker hand in quiz1_training, graded in one
    `nbgrader autograde` with kernels of one launcher; returns (course, results printed by the attacker's cell,
    decoys, listener, log)."""
    from jupyter_core.paths import jupyter_runtime_dir
    if request.param == "forked" and not forked.active(GradingKernels(fork=True, sandbox=True)):
        pytest.skip("fork-started kernels need a root grader on Linux x86_64")
    course = scratch_course(tmp_path_factory.mktemp("sandbox-course"))
    env = grading_env({"SANDBOX_TEST_SECRET": "s3cret-db-password", REQUIRE_ENV: "1",
                       FORK_ENV: LAUNCHERS[request.param]})
    run = lambda *args: course.nbgrader(*args, env=env)  # noqa: E731
    generated = run("generate_assignment", ASSIGNMENT, "--force")
    assert generated.returncode == 0, generated.stdout + generated.stderr

    # Another kernel's connection folder and a Jupyter server's connection file, as a running grader would have.
    decoy_dir = Path(f"/tmp/course-kernel-decoy{uuid.uuid4().hex[:8]}")
    decoy_dir.mkdir(mode=0o700)
    (decoy_dir / "kernel.json").write_text('{"key": "decoy"}')
    runtime = Path(jupyter_runtime_dir())
    runtime.mkdir(parents=True, exist_ok=True)
    runtime_connection = runtime / f"kernel-decoy-{uuid.uuid4().hex[:8]}.json"
    runtime_connection.write_text('{"key": "decoy"}')
    host_tmp_file = Path(f"/tmp/sandbox-pwned-{uuid.uuid4().hex[:8]}.txt")
    listener = Listener()
    paths = {
        "port": listener.port, "root": str(course.root), "gradebook": str(course.root / "gradebook.db"),
        "source": str(course.notebook("source", ASSIGNMENT)),
        "other_submitted": str(course.notebook("submitted", ASSIGNMENT, GOOD)),
        "other_autograded": str(course.notebook("autograded", ASSIGNMENT, GOOD)),
        "decoy_connection": str(decoy_dir / "kernel.json"), "runtime_connection": str(runtime_connection),
        "me": ATTACKER, "home": str(Path.home()),
        "course_utils": str(Path(sandbox.__file__).parents[2]), "host_tmp_file": str(host_tmp_file),
        "notebook_name": f"{ASSIGNMENT}.ipynb",
    }
    source_nb = notebooks.read(course.notebook("source", ASSIGNMENT))
    perfect = make_submission(PERFECT, source_nb, notebooks.read(course.notebook("release", ASSIGNMENT)))
    notebooks.write(perfect, course.notebook("submitted", ASSIGNMENT, GOOD))
    notebooks.write(with_answer(perfect, ANSWER_ID, attempts_code(paths)),
                    course.notebook("submitted", ASSIGNMENT, ATTACKER))
    try:
        graded = run("autograde", ASSIGNMENT, "--force")
    finally:
        listener.close()
        (decoy_dir / "kernel.json").unlink()
        decoy_dir.rmdir()
        runtime_connection.unlink()
    log = graded.stdout + graded.stderr
    assert graded.returncode == 0, log[-4000:]
    outputs = [output.get("text", "") for cell in notebooks.read(course.notebook("autograded", ASSIGNMENT, ATTACKER)).cells
               if cell.cell_type == "code" for output in cell.get("outputs", [])]
    lines = [line for text in outputs for line in text.splitlines() if line.startswith(RESULT_TAG)]
    assert lines, f"the attacker's cell printed no result; outputs: {outputs}\n{log[-3000:]}"
    return course, json.loads(lines[0][len(RESULT_TAG):]), host_tmp_file, listener, log


BLOCKED = ["net_outside", "net_dns", "net_localhost", "read_gradebook", "list_course_root", "read_source",
           "read_other_submitted", "read_other_autograded", "read_decoy_connection_file",
           "read_runtime_connection_file", "find_other_kernels", "write_course_root", "write_autograded_other",
           "write_home", "write_course_utils", "write_etc", "secret_env", "memory_bytearray", "memory_growing_list",
           "fork_bomb", "import_answer_key", "import_grading_code", "read_reference_source", "read_graded_notebook"]


@pytest.mark.slow
@needs_sandbox
@pytest.mark.parametrize("attempt", BLOCKED)
def test_attempt_is_stopped(graded, attempt):
    _, results, _, _, _ = graded
    assert results[attempt].startswith("STOPPED"), f"{attempt}: {results[attempt]}"


@pytest.mark.slow
@needs_sandbox
def test_what_it_could_not_read_is_there_for_the_grader(graded):
    course = graded[0]
    for path in (course.root / "gradebook.db", course.notebook("source", ASSIGNMENT),
                 course.notebook("submitted", ASSIGNMENT, GOOD), course.notebook("autograded", ASSIGNMENT, GOOD)):
        assert path.is_file() and path.read_bytes()[:1] in (b"{", b"S"), path


@pytest.mark.slow
@needs_sandbox
def test_no_connection_reached_the_graders_localhost(graded):
    assert graded[3].connections == 0


@pytest.mark.slow
@needs_sandbox
def test_limits_stop_the_bombs_where_expected(graded):
    results = graded[1]
    assert "MemoryError" in results["memory_bytearray"]
    assert "MemoryError" in results["memory_growing_list"]
    hoarded = int(results["memory_growing_list"].split(" after ")[1].split()[0])
    assert hoarded <= sandbox.Limits().memory_bytes // 2**20
    forked = int(results["fork_bomb"].split(" after ")[1].split()[0])
    assert 0 < forked < sandbox.Limits().processes


@pytest.mark.slow
@needs_sandbox
def test_nothing_was_written_outside_the_working_folder(graded):
    course, results, host_tmp_file, _, _ = graded
    assert not (course.root / "pwned.txt").exists()
    assert not (Path.home() / "pwned.txt").exists()
    assert not Path("/etc/pwned.txt").exists()
    assert not (Path(sandbox.__file__).parents[2] / "pwned.py").exists()
    # Its /tmp was its own: the file it wrote there is not in the grader's /tmp.
    assert results["write_private_tmp"] == str(host_tmp_file) and not host_tmp_file.exists()


@pytest.mark.slow
@needs_sandbox
def test_kernel_ran_unprivileged_in_a_private_working_folder(graded):
    course, results, _, _, _ = graded
    assert results["uid"] != 0 or os.geteuid() != 0
    assert results["write_own_folder"] == "own_file.txt"  # it could write there...
    folder = course.notebook("autograded", ASSIGNMENT, ATTACKER).parent
    assert not (folder / "own_file.txt").exists()  # ...in a folder of its own, gone with the kernel
    assert not sandbox.is_sandbox_uid(folder.stat().st_uid)


@pytest.mark.slow
@needs_sandbox
def test_both_students_get_full_marks(graded):
    course = graded[0]
    with course.gradebook() as gradebook:
        scores = {student: (gradebook.find_submission(ASSIGNMENT, student).score,
                            gradebook.find_submission(ASSIGNMENT, student).max_score) for student in (GOOD, ATTACKER)}
    assert all(score == possible > 0 for score, possible in scores.values()), scores
    honest = notebooks.read(course.notebook("autograded", ASSIGNMENT, GOOD))
    assert not any("pwned" in output.get("text", "") for cell in honest.cells if cell.cell_type == "code"
                   for output in cell.get("outputs", []))


@pytest.mark.slow
@needs_sandbox
def test_grading_log_says_nothing_about_a_fallback(graded, request):
    assert "sandbox unavailable" not in graded[4] and "kernels unavailable" not in graded[4]
    # The kernel came from the launcher asked for: a forked one has TensorFlow imported before any cell ran.
    assert graded[1]["tensorflow_preloaded"] == (request.node.callspec.params["graded"] == "forked")


# --- unit tests: the command line, the limits, the fallback ---------------------------------------------------

COURSE_ROOT = Path("/srv/course")


def layout():
    return sandbox.Layout(cwd=COURSE_ROOT / "autograded" / "s" / "a", private_dir=Path("/tmp/course-kernel-x"),
                          hidden=[COURSE_ROOT, Path("/home/grader"), COURSE_ROOT / "source", Path("/tmp/x")],
                          readonly=[COURSE_ROOT / ".venv", COURSE_ROOT / "course_utils"],
                          instructor=[COURSE_ROOT / "course_utils" / "reference"])


def test_command_line_isolates_the_kernel():
    lay = layout()
    fds = {lay.private_dir: 11, lay.readonly[0]: 12, lay.readonly[1]: 13}
    argv = sandbox.bwrap_argv("/usr/bin/bwrap", lay, sandbox.Limits(), fds, ["python", "-m", "ipykernel_launcher"],
                              uid=1_500_000_001)
    joined = " ".join(argv)
    for flag in ("--unshare-pid", "--unshare-net", "--unshare-ipc", "--die-with-parent", "--ro-bind / /",
                 "--proc /proc", "--dev /dev", "--tmpfs /tmp", "--cap-add CAP_SETUID", "--cap-add CAP_SETGID"):
        assert flag in joined
    course = str(COURSE_ROOT)
    # The course root is hidden (source/ with it: no second mount), then the venv and the notebook's folder are
    # mounted back inside it; the hidden folders end read-only.
    assert f"--tmpfs {course}" in joined and f"--tmpfs {course}/source" not in joined
    assert joined.index(f"--tmpfs {course}") < joined.index(f"--ro-bind-fd 12 {course}/.venv")
    assert joined.index(f"--tmpfs {course}") < joined.index(f"--tmpfs {lay.cwd}")  # an empty working folder
    assert "--bind-fd 10" not in joined
    # The course package is mounted back without its instructor-only part.
    assert joined.index(f"--ro-bind-fd 13 {course}/course_utils") < joined.index(f"--tmpfs {course}/course_utils/reference")
    assert f"--remount-ro {course}/course_utils/reference" in joined
    assert f"--remount-ro {course}" in joined and "--remount-ro /home/grader" in joined
    assert f"--perms 0755 --dir {course}/autograded" in joined
    # /tmp is private: the connection folder is mounted into it, and nothing under /tmp needs hiding.
    assert "--bind-fd 11 /tmp/course-kernel-x" in joined and "--tmpfs /tmp/x" not in joined
    tail = argv[argv.index("--", argv.index("--chdir")) + 1:]
    assert tail[:4] == [sys.executable, "-I", "-S", f"{lay.private_dir}/sandbox_exec.py"]
    assert "uid=1500000001" in tail and f"nproc={sandbox.Limits().processes}" in tail
    assert tail[tail.index("--") + 1:] == ["python", "-m", "ipykernel_launcher"]


def test_command_line_without_root_uses_a_user_namespace():
    lay = layout()
    fds = {lay.private_dir: 11, lay.readonly[0]: 12, lay.readonly[1]: 13}
    argv = sandbox.bwrap_argv("bwrap", lay, sandbox.Limits(), fds, ["k"], uid=None)
    assert "--unshare-user" in argv and "--disable-userns" in argv and "--cap-add" not in argv
    assert not any(arg.startswith("uid=") for arg in argv)


def test_kernel_environment_leaves_secrets_out():
    env = sandbox.kernel_env({"PATH": "/usr/bin", "TF_CPP_MIN_LOG_LEVEL": "3", "COURSE_DB_URL": "postgresql://u:pw@db/x",
                              "AWS_SECRET_ACCESS_KEY": "k", "JPY_PARENT_PID": "4242", "LC_ALL": "C.UTF-8"},
                             Path("/tmp/course-kernel-x"))
    assert env["PATH"] == "/usr/bin" and env["TF_CPP_MIN_LOG_LEVEL"] == "3" and env["LC_ALL"] == "C.UTF-8"
    assert "COURSE_DB_URL" not in env and "AWS_SECRET_ACCESS_KEY" not in env
    assert env["JPY_PARENT_PID"] == "1" and env["HOME"] == "/tmp"


def test_gradebook_folder():
    assert sandbox.gradebook_folder("sqlite:////srv/course/gradebook.db") == Path("/srv/course")
    assert sandbox.gradebook_folder("postgresql://user:pw@db.example/nbgrader") is None


@pytest.fixture
def no_bwrap(monkeypatch):
    monkeypatch.setattr(sandbox, "find_bwrap", lambda: None)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv(REQUIRE_ENV, raising=False)


def test_status_and_check_without_bwrap(no_bwrap, monkeypatch):
    active, line = sandbox.status()
    assert not active and line.startswith("Grading sandbox: OFF") and "apt-get install bubblewrap" in line
    assert sandbox.check() == line
    with pytest.raises(sandbox.SandboxUnavailable):
        sandbox.check(GradingKernels(require_sandbox=True))
    for name, value in (("CI", "true"), (REQUIRE_ENV, "1")):  # the settings' default: the environment
        with monkeypatch.context() as env:
            env.setenv(name, value)
            with pytest.raises(sandbox.SandboxUnavailable):
                sandbox.check()


def test_forked_kernels_need_no_bwrap_and_the_status_says_so(no_bwrap):
    """kernels.check, what `make` and `grade` print: forked kernels sandbox themselves (bubblewrap is only their
    fallback); without forking, a missing bubblewrap is still an error where the sandbox is required."""
    from course_utils.grading import kernels

    required = GradingKernels(require_sandbox=True, fork=True)
    if not forked.active(required):
        pytest.skip("fork-started kernels need a root grader on Linux x86_64")
    sandbox_line, fork_line = kernels.check(required)
    assert sandbox_line.startswith("Grading sandbox: ON (each kernel sandboxed as it is forked")
    assert "where forking fails: a normal kernel, or an error" in sandbox_line and "bubblewrap" in sandbox_line
    assert fork_line.startswith("Fork-started kernels: ON")
    with pytest.raises(sandbox.SandboxUnavailable):
        kernels.check(GradingKernels(require_sandbox=True, fork=False))


def test_probe_reports_a_failing_bwrap(tmp_path):
    fake = tmp_path / "bwrap"
    fake.write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n")
    fake.chmod(0o755)
    works, reason = sandbox.probe(str(fake))
    assert not works and "No permissions to create new namespace" in reason


def start_kernel_and_run(code, config):
    from jupyter_client import AsyncKernelManager

    async def main():
        km = AsyncKernelManager(kernel_name=sandbox.KERNEL_NAME, config=config)
        await km.start_kernel()
        try:
            kc = km.client()
            kc.start_channels()
            await kc.wait_for_ready(timeout=60)
            out = []
            await kc.execute_interactive(code, timeout=60, output_hook=lambda msg: out.append(
                msg["content"].get("text", "")))
            kc.stop_channels()
            return km.transport, "".join(out)
        finally:
            await km.shutdown_kernel(now=True)
    return asyncio.run(main())


@pytest.mark.slow
def test_falls_back_to_a_normal_kernel_with_one_warning(no_bwrap, caplog):
    from traitlets.config import Config
    config = Config()
    sandbox.configure(config, hidden=[])
    sandbox.SandboxProvisioner._warned = False
    transport, out = start_kernel_and_run("import os; print(os.getuid())", config)
    assert transport == "tcp" and out.strip() == str(os.getuid())
    warnings = [r for r in caplog.records if "sandbox unavailable" in r.getMessage()]
    assert len(warnings) == 1


@pytest.mark.slow
def test_missing_sandbox_is_an_error_when_required(no_bwrap):
    from traitlets.config import Config
    config = Config()
    config.GradingKernels.require_sandbox = True  # as nbgrader_config.py may set it: it reaches the provisioner
    sandbox.configure(config, hidden=[])
    with pytest.raises(sandbox.SandboxUnavailable):
        start_kernel_and_run("1", config)


@needs_sandbox
def test_cpu_limit_ends_a_busy_process(tmp_path):
    """The CPU-time backstop, with a 1 s limit: a busy loop is killed (SIGXCPU) instead of running on."""
    cwd, private = tmp_path / "work", tmp_path / "private"
    cwd.mkdir()
    private.mkdir()
    uid = sandbox.sandbox_uid()
    if uid is not None:
        os.chown(cwd, uid, uid)
    lay = sandbox.prepare_layout(cwd, private, [])
    mounts = sandbox._Mounts([*lay.readonly, lay.private_dir])
    code = "while True: pass"
    try:
        argv = sandbox.bwrap_argv(sandbox.find_bwrap(), lay, sandbox.Limits(cpu_seconds=1), mounts.fds,
                                  [sys.executable, "-I", "-S", "-c", code], uid)
        started = time.perf_counter()
        result = subprocess.run(argv, pass_fds=list(mounts.fds.values()), capture_output=True, text=True,
                                timeout=60, env=sandbox.kernel_env(os.environ, private))
    finally:
        mounts.close()
    assert result.returncode != 0 and time.perf_counter() - started < 30, result
