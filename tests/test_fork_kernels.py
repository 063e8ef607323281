"""Fork-started kernels (course_utils/grading/kernels/forked.py): kernels forked from a template that has imported
TensorFlow are still fresh (own state, random seeds, nothing an earlier kernel left), sandboxed (an empty folder of
their own, a filtered environment, a uid of their own, limits, no other process in sight), run TensorFlow, stop on
interrupt and shutdown; a kernel the template
cannot serve starts in bubblewrap; forking needs the sandbox and says why it is off; and grading in bubblewrap gives
the grades grading with forked kernels (the main job's) gives. What a forked kernel cannot reach:
tests/test_sandbox.py, for both launchers."""
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from jupyter_client.manager import KernelManager

from conftest import grading_env, scratch_course
from course_utils.grading.kernels import REQUIRE_ENV, GradingKernels, forked, sandbox
from course_utils.grading.classgrade.grader import Grader  # noqa: F401 (the grading config must load with it)
from course_utils.grading.samples import SAMPLE_STUDENTS, place_submissions
from course_utils.lab import QUIET_TF_ENV

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not forked.active(GradingKernels(fork=True, sandbox=True)),
                                 reason="fork-started kernels need a root grader on Linux x86_64")]


@pytest.fixture(scope="module", autouse=True)
def fork_kernelspec():
    """The course's kernelspecs on JUPYTER_PATH and the fork provisioner registered, as nbgrader_config.py does."""
    saved = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = os.pathsep.join([str(sandbox.JUPYTER_DATA), *filter(None, [saved])])
    forked.register_provisioner()
    yield
    if saved is None:
        os.environ.pop("JUPYTER_PATH")
    else:
        os.environ["JUPYTER_PATH"] = saved


class Kernel:
    """A kernel started from a kernelspec, with a way to run code in it and read what it printed."""

    def __init__(self, cwd, kernel_name=forked.KERNEL_NAME, env=None):
        self.manager = KernelManager(kernel_name=kernel_name)
        self.manager.start_kernel(cwd=str(cwd), env={**os.environ, **QUIET_TF_ENV, **(env or {})})
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=180)

    def run(self, code, timeout=120):
        """Run ``code``; return (printed text, error name or None)."""
        message_id = self.client.execute(code)
        printed, error = "", None
        while True:
            message = self.client.get_iopub_msg(timeout=timeout)
            if message["parent_header"].get("msg_id") != message_id:
                continue
            if message["msg_type"] == "stream":
                printed += message["content"]["text"]
            elif message["msg_type"] == "error":
                error = message["content"]["ename"]
            elif message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
                return printed.strip(), error

    def stop(self):
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


@pytest.fixture
def kernels(tmp_path):
    started = []

    def start(**options):
        folder = tmp_path / f"kernel-{len(started)}"
        folder.mkdir(exist_ok=True)
        started.append(Kernel(folder, **options))
        return started[-1]

    yield start
    for kernel in started:
        kernel.stop()


def test_a_forked_kernel_has_tensorflow_imported_and_runs_it(kernels):
    kernel = kernels()
    assert kernel.run("import sys; print('tensorflow' in sys.modules)") == ("True", None)
    assert kernel.run("import tensorflow as tf; print(float(tf.reduce_sum(tf.ones((2, 3)))))") == ("6.0", None)


def test_forked_kernels_share_no_state_and_no_random_numbers(kernels):
    first, second = kernels(), kernels()
    first.run("answer = 42")
    assert second.run("print('answer' in globals())") == ("False", None)
    draws = "import random, numpy as np; print(random.random(), np.random.rand())"
    assert first.run(draws)[0] != second.run(draws)[0]


def test_a_forked_kernel_gets_an_empty_folder_a_filtered_environment_its_own_uid_and_limits(kernels, tmp_path):
    (tmp_path / "kernel-0").mkdir()
    (tmp_path / "kernel-0" / "notebook.ipynb").write_text("{}")  # the grader's notebook: out of the kernel's sight
    kernel = kernels(env={"LC_COURSE_TEST_MARK": "kernel-0", "COURSE_TEST_SECRET": "s3cret"})
    code = ("import os, resource; print(os.getcwd(), os.listdir('.'), os.environ.get('LC_COURSE_TEST_MARK'), "
            "os.environ.get('COURSE_TEST_SECRET'), os.getuid(), resource.getrlimit(resource.RLIMIT_DATA)[0])")
    printed, error = kernel.run(code)
    assert error is None, printed
    cwd, listed, mark, secret, uid, data = printed.split()
    assert (cwd, listed, mark, secret) == (str(tmp_path / "kernel-0"), "[]", "kernel-0", "None")
    assert sandbox.is_sandbox_uid(int(uid)) and int(data) == sandbox.Limits.memory_bytes


def test_a_forked_kernel_sees_no_other_process_nor_what_an_earlier_kernel_left(kernels, tmp_path):
    first = kernels()
    assert first.run("open('/tmp/left.txt', 'w').write('x'); open('left.txt', 'w').write('x')") == ("", None)
    first.stop()
    (tmp_path / "kernel-1").symlink_to(tmp_path / "kernel-0")  # the next kernel works in the same folder
    second, third = kernels(), kernels()
    printed, error = second.run("import os; print(sorted(int(p) for p in os.listdir('/proc') if p.isdigit()), "
                                "os.path.exists('/tmp/left.txt'), os.path.exists('left.txt'))")
    assert error is None and printed == "[1, 2] False False", printed
    other = third.manager.provisioner.process.pid  # the other kernel's monitor, as the host numbers it
    signal_other = f"import os\ntry:\n    os.kill({other}, 0)\nexcept OSError as e:\n    print(type(e).__name__)"
    assert second.run(signal_other)[0] == "ProcessLookupError"


def test_a_forked_kernel_stops_on_interrupt_and_shutdown(kernels):
    kernel = kernels()
    message_id = kernel.client.execute("import time\nprint('looping', flush=True)\nwhile True: time.sleep(0.1)")
    interrupted = False
    while True:
        message = kernel.client.get_iopub_msg(timeout=60)
        if message["parent_header"].get("msg_id") != message_id:
            continue
        if message["msg_type"] == "stream" and "looping" in message["content"]["text"] and not interrupted:
            kernel.manager.interrupt_kernel()  # only once the loop runs: an idle kernel ignores an interrupt
            interrupted = True
        elif message["msg_type"] == "error":
            assert message["content"]["ename"] == "KeyboardInterrupt"
            break
    process = kernel.manager.provisioner.process
    kernel.manager.shutdown_kernel(now=True)
    assert process.poll() is not None, "the forked kernel is still running after shutdown"


@pytest.mark.parametrize("kernel_name", [forked.KERNEL_NAME, sandbox.KERNEL_NAME])
def test_a_restart_writes_nothing_through_links_the_kernel_left(kernels, kernel_name):
    """The kernel's user owns its connection folder: were a restart to write there as root, a link the kernel put
    there would make the grader write, and give the kernel's user, any folder on the machine."""
    victim = Path(tempfile.mkdtemp(prefix="course-victim-", dir="/var/tmp"))  # out of the kernel's sight, not its reach
    try:
        kernel = kernels(kernel_name=kernel_name)
        printed, error = kernel.run(
            "import os, shutil\nfrom ipykernel import get_connection_file\n"
            "folder = os.path.dirname(get_connection_file())\nshutil.rmtree(os.path.join(folder, 'matplotlib'))\n"
            f"os.symlink({str(victim)!r}, os.path.join(folder, 'matplotlib'))\nprint('linked')")
        assert (printed, error) == ("linked", None)
        kernel.manager.restart_kernel(now=True)
        kernel.client.wait_for_ready(timeout=180)
        assert kernel.run("print(6 * 7)") == ("42", None)
        assert list(victim.iterdir()) == [] and victim.stat().st_uid == os.getuid()
    finally:
        shutil.rmtree(victim)


@pytest.mark.parametrize("kernel_name", [forked.KERNEL_NAME, sandbox.KERNEL_NAME])
def test_a_kernel_shows_figures_in_the_notebook(kernels, kernel_name):
    """A figure shows as an image, whichever launcher started the kernel (TensorFlow imports matplotlib in the fork
    template, before a kernel has chosen its backend)."""
    kernel = kernels(kernel_name=kernel_name)
    message_id = kernel.client.execute("import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()")
    shown = []
    while True:
        message = kernel.client.get_iopub_msg(timeout=120)
        if message["parent_header"].get("msg_id") != message_id:
            continue
        if message["msg_type"] == "display_data":
            shown.append(sorted(message["content"]["data"]))
        elif message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            break
    assert shown == [["image/png", "text/plain"]], shown


def test_a_kernel_the_template_cannot_serve_starts_in_bubblewrap(kernels):
    kernel = kernels(env={"TF_CPP_MIN_LOG_LEVEL": "1"})  # other TensorFlow settings than the template's
    printed, error = kernel.run("import os, sys; print('tensorflow' in sys.modules, os.getuid())")
    assert error is None and printed.split()[0] == "False"
    assert sandbox.is_sandbox_uid(int(printed.split()[1]))


# In a process of its own, with an environment of its own (so a template of its own) and a short idle time: start
# the template, fork a kernel, and report the template's pid while the kernel runs past the idle time and after.
SHARED_TEMPLATE_SCRIPT = """
import json, os, sys, time
from course_utils.grading.kernels import forked
forked.IDLE_SECONDS = 1
template = forked.Template.current()
first = template.ask({"op": "status", "pid": 0})["template"]
print(json.dumps({"socket": str(template.socket), "template": first}), flush=True)
sys.stdin.readline()  # the test has looked for it from another process
layout = forked.sandbox.prepare_layout("/tmp", "/tmp", [], 1_500_000_002).as_dict()
kernel = forked.ForkedKernel(template.fork({"argv": [],
                                            "layout": layout, "uid": 1_500_000_002, "env": {},
                                            "limits": forked.sandbox.Limits().by_name()}), template)
time.sleep(2)  # past the idle time, its kernel still running
during = template.running() and template.ask({"op": "status", "pid": 0})["template"]
kernel.kill()
kernel.wait(30)
time.sleep(4)  # past the idle time, no kernel left
print(json.dumps({"during": during, "after": template.running(), "socket_left": template.socket.exists()}))
"""


def test_one_template_serves_every_grading_process_and_ends_when_idle():
    import json
    import subprocess
    import sys

    env = {**os.environ, "LC_COURSE_TEST_TEMPLATE": uuid.uuid4().hex}  # a kernel environment, so a template, of its own
    with subprocess.Popen([sys.executable, "-c", SHARED_TEMPLATE_SCRIPT], env=env, stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, text=True) as starter:
        started = json.loads(starter.stdout.readline())
        found = subprocess.run([sys.executable, "-c", "from course_utils.grading.kernels import forked; t = "
                                "forked.Template.current(); print(t.socket, t.ask({'op': 'status', 'pid': 0})"
                                "['template'])"], env=env, capture_output=True, text=True, timeout=120)
        starter.stdin.write("\n")
        starter.stdin.flush()
        ended = json.loads(starter.stdout.readline())
    assert found.stdout.split() == [started["socket"], str(started["template"])], found.stderr[-2000:]
    assert ended == {"during": started["template"], "after": False, "socket_left": False}


def test_a_template_folder_someone_else_made_is_refused(tmp_path):
    folder = tmp_path / "course-fork-x"
    folder.mkdir(mode=0o755)  # others may enter it
    with pytest.raises(OSError, match="not a folder of this user's alone"):
        forked._private_folder(folder)
    folder.chmod(0o700)
    assert forked._private_folder(folder) == folder
    link = tmp_path / "course-fork-link"
    link.symlink_to(folder)
    with pytest.raises(OSError, match="not a folder of this user's alone"):
        forked._private_folder(link)


def test_forking_needs_the_sandbox_and_says_why_it_is_off():
    from traitlets.config import Config

    for settings, why in (({"fork": True, "sandbox": False}, "the sandbox is off"), ({"fork": False}, "turned off")):
        config = Config()
        for name, value in settings.items():
            setattr(config.GradingKernels, name, value)
        forked.configure(config)
        assert config.GuardedExecute.kernel_name == sandbox.KERNEL_NAME
        assert why in forked.status(GradingKernels(config=config))
    config = Config()
    forked.configure(config)  # the defaults, on this machine (root, x86_64)
    assert config.GuardedExecute.kernel_name == forked.KERNEL_NAME
    assert forked.status(GradingKernels(config=config)).startswith("Fork-started kernels: ON")


def test_grading_in_bubblewrap_gives_the_expected_grades(tmp_path):
    """A lab graded with kernels started in bubblewrap (what a grader that is not root gets) gives each sample its
    expected grade, as the main job's forked kernels do."""
    course = scratch_course(tmp_path / "course", ["lab8_backprop"])
    place_submissions(course)
    run = course.grade("--no-fork-kernels", "--no-feedback", env=grading_env({REQUIRE_ENV: "1"}))
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "Fork-started kernels: OFF" in run.stdout and "Grading sandbox: ON" in run.stdout
    from course_utils.grading import notebooks

    expected = {(assignment, student.student_id): student.expected_score(notebooks.read(course.notebook("source",
                                                                                                          assignment)))
                for assignment in ("lab8_backprop",) for student in SAMPLE_STUDENTS}
    assert {key: score for key, (score, _) in course.scores().items()} == expected
