"""The grading sandbox (course_utils/grading/kernels/sandbox.py): student code graded by a real `nbgrader autograde`
tries to reach the network, read the gradebook, source/ and other students' notebooks and kernels, write outside
its folder, and exhaust memory and processes; every attempt fails, and its legitimate answers are still graded.
Plus unit tests of the bubblewrap command line and of the fallback to a normal kernel.
"""
import asyncio
import json
import os
import shutil
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
ENV_CHECKOUT = Path(sandbox.__file__).resolve().parents[3]  # where course_utils, the grader's and kernels', lies

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
# Other checkouts: the one whose course_utils the grader's environment uses, a decoy course, a decoy secret in /etc.
attempt("read_env_checkout_source", lambda: read(PATHS["env_checkout_source"]))
attempt("list_env_checkout", lambda: [name for name in os.listdir(PATHS["env_checkout"])
                                      if name not in PATHS["env_checkout_allowed"]]
        or read("/nonexistent/nothing-but-the-environment"))
attempt("read_decoy_checkout", lambda: read(PATHS["decoy_checkout"]))
attempt("read_etc_secret", lambda: read(PATHS["etc_secret"]))
results["root_listing"] = sorted(os.listdir("/"))
results["etc_listing"] = sorted(os.listdir("/etc"))
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
import resource
results["rlimits"] = {name: resource.getrlimit(getattr(resource, "RLIMIT_" + name.upper()))[0]
                      for name in ("data", "nproc", "cpu", "fsize", "nofile", "core")}
with open("/proc/self/status") as status:
    results["privileges"] = {line.split(":")[0]: line.split(":")[1].strip() for line in status
                             if line.startswith(("NoNewPrivs", "CapEff", "CapPrm", "CapBnd"))}
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
    # World-readable files outside everything the grader hides: another course's checkout, a secret of the system.
    decoy_checkout = Path(f"/var/tmp/course-decoy-{uuid.uuid4().hex[:8]}")
    (decoy_checkout / "source").mkdir(parents=True)
    (decoy_checkout / "source" / "lab.ipynb").write_text("{}")
    etc_secret = Path(f"/etc/course-decoy-{uuid.uuid4().hex[:8]}.secret")
    if not os.access("/etc", os.W_OK):  # a grader that is not root: a second decoy instead
        etc_secret = decoy_checkout / "secret"
    etc_secret.write_text("s3cret")
    # The checkout whose course_utils the grader's environment uses: not this scratch course.
    env_checkout, venv = ENV_CHECKOUT, Path(sys.prefix)
    assert env_checkout != course.root and (env_checkout / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
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
        "env_checkout": str(env_checkout),
        "env_checkout_source": str(env_checkout / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"),
        "env_checkout_allowed": ["course_utils", *([venv.relative_to(env_checkout).parts[0]]
                                                   if env_checkout in venv.parents else [])],
        "decoy_checkout": str(decoy_checkout / "source" / "lab.ipynb"), "etc_secret": str(etc_secret),
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
        etc_secret.unlink()
        shutil.rmtree(decoy_checkout)
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
           "fork_bomb", "import_answer_key", "import_grading_code", "read_reference_source", "read_graded_notebook",
           "read_env_checkout_source", "list_env_checkout", "read_decoy_checkout", "read_etc_secret"]


@pytest.mark.slow
@needs_sandbox
@pytest.mark.parametrize("attempt", BLOCKED)
def test_attempt_is_stopped(graded, attempt):
    _, results, _, _, _ = graded
    assert results[attempt].startswith("STOPPED"), f"{attempt}: {results[attempt]}"


@pytest.mark.slow
@needs_sandbox
def test_the_kernel_sees_nothing_but_the_allow_list(graded):
    """Whatever the grader did not think of hiding does not exist for the kernel: at the top of the file system, the
    system's folders and the first folder of each path it needs; in /etc, the listed files and those made for it."""
    course, results = graded[0], graded[1]
    needed = [*sandbox.python_readonly(), course.notebook("autograded", ASSIGNMENT, ATTACKER).parent]
    allowed_top = {Path(path).name for path in sandbox.SYSTEM} | {"etc", "dev", "proc", "tmp"}
    allowed_top |= {Path(path).parts[1] for path in needed}
    assert set(results["root_listing"]) <= allowed_top, set(results["root_listing"]) - allowed_top
    allowed_etc = set(sandbox.ETC) | {path.name for path in sandbox.made_files(0)}
    assert set(results["etc_listing"]) <= allowed_etc, set(results["etc_listing"]) - allowed_etc
    assert "passwd" in results["etc_listing"] and "shadow" not in results["etc_listing"]


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
def test_limits_and_privileges_as_the_kernel_sees_them(graded):
    """Both launchers set every limit (memory, processes, CPU, file size, open files, no core dumps) and leave the
    kernel no new privileges and, for a root grader, no capability at all."""
    results = graded[1]
    assert results["rlimits"] == sandbox.Limits().by_name()
    assert results["privileges"]["NoNewPrivs"] == "1"
    if os.geteuid() == 0:
        assert {results["privileges"][name] for name in ("CapEff", "CapPrm")} == {"0000000000000000"}


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
SUPPORT = Path("/tmp/course-sandbox-y")


def layout():
    return sandbox.Layout(cwd=COURSE_ROOT / "autograded" / "s" / "a", private_dir=Path("/tmp/course-kernel-x"),
                          readonly=[Path("/usr"), Path("/bin"), Path("/etc/ssl"), COURSE_ROOT / ".venv",
                                    COURSE_ROOT / "course_utils"],
                          hidden=[COURSE_ROOT / "course_utils" / "reference"],
                          files=sandbox.made_files(1_500_000_001), tmp_bytes=sandbox.Limits().tmp_bytes)


def bwrap_argv(uid=1_500_000_001):
    lay = layout()
    fds = {lay.private_dir: 11, lay.readonly[3]: 12, lay.readonly[4]: 13}
    return sandbox.bwrap_argv("/usr/bin/bwrap", lay, sandbox.Limits(), fds, SUPPORT,
                              ["python", "-m", "ipykernel_launcher"], uid=uid)


def test_command_line_isolates_the_kernel():
    argv = bwrap_argv()
    joined = " ".join(argv)
    for flag in ("--unshare-pid", "--unshare-net", "--unshare-ipc", "--die-with-parent", "--proc /proc",
                 "--dev /dev", "--tmpfs /tmp", "--cap-add CAP_SETUID", "--cap-add CAP_SETGID"):
        assert flag in joined
    # An allow-list: nothing of the host but what the layout names (the whole disk used to be mounted).
    assert "--ro-bind / /" not in joined and "--bind / /" not in joined
    binds = [argv[i + 2] for i, arg in enumerate(argv) if arg in ("--ro-bind", "--ro-bind-fd", "--bind-fd")]
    assert sorted(binds) == sorted(["/usr", "/etc/ssl", f"{COURSE_ROOT}/.venv", f"{COURSE_ROOT}/course_utils",
                                    "/etc/passwd", "/etc/group", "/etc/hosts", "/etc/hostname", str(SUPPORT),
                                    "/tmp/course-kernel-x"])
    assert "--symlink usr/bin /bin" in joined or "--ro-bind /bin /bin" in joined
    course = str(COURSE_ROOT)
    # The course package without its instructor-only part, which ends read-only.
    assert joined.index(f"--ro-bind-fd 13 {course}/course_utils") < joined.index(f"--tmpfs {course}/course_utils/reference")
    assert f"--remount-ro {course}/course_utils/reference" in joined
    # The folders above what is mounted are made searchable, before it; the notebook's folder is an empty tmpfs.
    assert joined.index(f"--perms 0755 --dir {course}") < joined.index(f"--ro-bind-fd 12 {course}/.venv")
    assert f"--perms 0755 --dir {course}/autograded/s" in joined and f"--tmpfs {course}/autograded/s/a" in joined
    # The user database is the one made for the kernel, read from the grader's support folder.
    assert f"--ro-bind {SUPPORT}/passwd /etc/passwd" in joined
    # /tmp is private: the connection folder is mounted into it.
    assert "--bind-fd 11 /tmp/course-kernel-x" in joined and joined.index("--tmpfs /tmp") < joined.index("--bind-fd 11")
    tail = argv[argv.index("--", argv.index("--chdir")) + 1:]
    assert tail[:4] == [sys.executable, "-I", "-S", f"{SUPPORT}/sandbox_exec.py"]
    assert "uid=1500000001" in tail and f"nproc={sandbox.Limits().processes}" in tail
    assert tail[tail.index("--") + 1:] == ["python", "-m", "ipykernel_launcher"]


def test_command_line_without_root_uses_a_user_namespace():
    argv = bwrap_argv(uid=None)
    assert "--unshare-user" in argv and "--disable-userns" in argv and "--cap-add" not in argv
    assert not any(arg.startswith("uid=") for arg in argv)


def test_layout_allows_the_environment_and_hides_what_lies_inside_it(tmp_path):
    """prepare_layout, for both launchers: the system's and the environment's folders, course_utils without the
    instructor's packages, and a folder to hide that lies inside the environment hidden again."""
    inside = Path(sys.prefix) / "share"
    lay = sandbox.prepare_layout(tmp_path, tmp_path, [inside, COURSE_ROOT], uid=1_500_000_001)
    package = Path(sandbox.__file__).resolve().parents[2]
    assert all(any(path.is_relative_to(top) for top in lay.readonly)
               for path in (package, Path(sys.prefix).resolve(), Path("/usr/lib"), Path("/etc/ssl")))
    assert not any(COURSE_ROOT.is_relative_to(top) or Path("/etc/shadow").is_relative_to(top) for top in lay.readonly)
    assert {package / name for name in ("reference", "grading", "develop")} <= set(lay.hidden)
    assert inside.resolve() in lay.hidden and COURSE_ROOT not in lay.hidden  # outside the allow-list: need not hide
    assert "student:x:1500000001:" in lay.files[Path("/etc/passwd")]


def test_kernel_environment_leaves_secrets_out():
    env = sandbox.kernel_env({"PATH": "/usr/bin", "TF_CPP_MIN_LOG_LEVEL": "3", "COURSE_DB_URL": "postgresql://u:pw@db/x",
                              "AWS_SECRET_ACCESS_KEY": "k", "JPY_PARENT_PID": "4242", "LC_ALL": "C.UTF-8",
                              "MPLBACKEND": "Agg"},
                             Path("/tmp/course-kernel-x"))
    assert env["PATH"] == "/usr/bin" and env["TF_CPP_MIN_LOG_LEVEL"] == "3" and env["LC_ALL"] == "C.UTF-8"
    assert "COURSE_DB_URL" not in env and "AWS_SECRET_ACCESS_KEY" not in env
    assert env["JPY_PARENT_PID"] == "1" and env["HOME"] == "/tmp"
    assert env["MPLBACKEND"] == sandbox.INLINE_BACKEND  # figures show in the graded notebook, whatever the grader's


def test_gradebook_folder():
    assert sandbox.gradebook_folder("sqlite:////srv/course/gradebook.db") == Path("/srv/course")
    assert sandbox.gradebook_folder("postgresql://user:pw@db.example/nbgrader") is None


@pytest.fixture
def no_bwrap(monkeypatch):
    monkeypatch.setattr(sandbox, "find_bwrap", lambda settings=None: None)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv(REQUIRE_ENV, raising=False)


def test_status_and_check_without_bwrap(no_bwrap, monkeypatch):
    """Safe by default: without a sandbox the bundled samples may be graded (`make` works anywhere), a real student
    is refused with the fix named, unless the instructor turned the sandbox off for trusted submissions."""
    active, line = sandbox.status()
    assert not active and line.startswith("Grading sandbox: UNAVAILABLE") and "apt-get install bubblewrap" in line
    assert sandbox.check() == line == sandbox.check(students=["sample_perfect", "sample_blank"])
    with pytest.raises(sandbox.SandboxUnavailable) as refused:
        sandbox.check(students=["sample_perfect", "alice", "sample_x"])
    assert "refusing to grade alice, sample_x" in str(refused.value)
    assert "apt-get install bubblewrap" in str(refused.value) and "COURSE_SANDBOX=0" in str(refused.value)
    trusted = GradingKernels(sandbox=False)
    assert sandbox.check(trusted, students=["alice"]).startswith("Grading sandbox: OFF (turned off")
    with pytest.raises(sandbox.SandboxUnavailable):
        sandbox.check(GradingKernels(require_sandbox=True), students=["sample_perfect"])
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
    assert "where forking fails: no sandbox: only the bundled sample students" in sandbox_line
    assert fork_line.startswith("Fork-started kernels: ON")
    with pytest.raises(sandbox.SandboxUnavailable):
        kernels.check(GradingKernels(require_sandbox=True, fork=False))


def test_probe_reports_a_failing_bwrap(tmp_path):
    fake = tmp_path / "bwrap"
    fake.write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n")
    fake.chmod(0o755)
    works, reason = sandbox.probe(str(fake))
    assert not works and "No permissions to create new namespace" in reason


def start_kernel_and_run(code, config, cwd):
    """Run ``code`` in a grading kernel started as nbgrader starts it, in the notebook's folder ``cwd``."""
    from jupyter_client import AsyncKernelManager

    cwd.mkdir(parents=True, exist_ok=True)

    async def main():
        km = AsyncKernelManager(kernel_name=sandbox.KERNEL_NAME, config=config)
        await km.start_kernel(cwd=str(cwd))
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
def test_without_a_sandbox_only_sample_students_get_a_normal_kernel(no_bwrap, caplog, tmp_path):
    """The provisioner itself refuses (whatever runs nbgrader): a real student's kernel does not start; a sample
    student's is a normal kernel, with one warning."""
    from traitlets.config import Config
    config = Config()
    sandbox.configure(config, hidden=[])
    sandbox.SandboxProvisioner._warned = False
    with pytest.raises(sandbox.SandboxUnavailable, match="refusing to grade alice"):
        start_kernel_and_run("1", config, tmp_path / "autograded" / "alice" / ASSIGNMENT)
    sample = tmp_path / "autograded" / "sample_partial" / ASSIGNMENT
    transport, out = start_kernel_and_run("import os; print(os.getuid())", config, sample)
    assert transport == "tcp" and out.strip() == str(os.getuid())
    start_kernel_and_run("1", config, sample)
    warnings = [r for r in caplog.records if r.levelname == "WARNING" and "sandbox unavailable" in r.getMessage()]
    assert len(warnings) == 1 and "any other student is refused" in warnings[0].getMessage()


@pytest.mark.slow
def test_missing_sandbox_is_an_error_when_required(no_bwrap, tmp_path):
    from traitlets.config import Config
    config = Config()
    config.GradingKernels.require_sandbox = True  # as nbgrader_config.py may set it: it reaches the provisioner
    sandbox.configure(config, hidden=[])
    with pytest.raises(sandbox.SandboxUnavailable):
        start_kernel_and_run("1", config, tmp_path / "autograded" / "sample_perfect" / ASSIGNMENT)


@needs_sandbox
def test_cpu_limit_ends_a_busy_process(tmp_path):
    """The CPU-time backstop, with a 1 s limit: a busy loop is killed (SIGXCPU) instead of running on."""
    cwd, private = tmp_path / "work", tmp_path / "private"
    cwd.mkdir()
    private.mkdir()
    uid = sandbox.sandbox_uid()
    if uid is not None:
        os.chown(cwd, uid, uid)
    lay = sandbox.prepare_layout(cwd, private, [], uid)
    mounts, support = sandbox.bwrap_mounts(lay), sandbox.bwrap_support(lay)
    code = "while True: pass"
    try:
        argv = sandbox.bwrap_argv(sandbox.find_bwrap(), lay, sandbox.Limits(cpu_seconds=1), mounts.fds, support,
                                  [sys.executable, "-I", "-S", "-c", code], uid)
        started = time.perf_counter()
        result = subprocess.run(argv, pass_fds=list(mounts.fds.values()), capture_output=True, text=True,
                                timeout=60, env=sandbox.kernel_env(os.environ, private))
    finally:
        mounts.close()
        shutil.rmtree(support)
    assert result.returncode != 0 and time.perf_counter() - started < 30, result
