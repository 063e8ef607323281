"""Fork-started kernels: each kernel is forked from a template process that has already imported TensorFlow, and
sandboxed as it starts.

Starting a sandboxed kernel in bubblewrap and importing TensorFlow costs about 5 s; forked from a template that
holds the imports, about 1 s, and the kernels share the template's memory pages until they write to them. The
template (:mod:`.fork_template`) runs no TensorFlow op: an op before the fork makes the children hang.

Every kernel is fresh (forked from the untouched template, never from another student's kernel, with new random
seeds) and sandboxed by the system calls of :mod:`.isolation`: it sees only what it is allowed to (the system's and
the Python environment's files and the student part of ``course_utils``, read-only; an empty working folder; a
private ``/tmp``; its connection folder), in PID, network, IPC and UTS namespaces of its own, as a uid of its own
without capabilities, under the sandbox's limits, with no new privileges and no new namespaces. It talks to the
grader over unix sockets in a private folder.

How it plugs in: where the grader runs as root on Linux x86_64 (what the system calls need) and the sandbox is on,
``GradingKernels.fork`` (on unless ``COURSE_FORK_KERNELS=0``) picks the ``nn-course-fork`` kernelspec, whose
``course-fork`` provisioner is :class:`ForkProvisioner`. Elsewhere kernels start in bubblewrap
(:mod:`.sandbox`); so do they where the template cannot start or cannot build a sandbox (said once in the log), or
where a kernel asks for other TensorFlow settings than the template was started with.
"""
import asyncio
import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client.provisioning import LocalProvisioner

from . import FORK_ENV, GradingKernels, SANDBOX_ENV, isolation, sandbox

KERNEL_NAME = "nn-course-fork"
PROVISIONER_NAME = "course-fork"
TEMPLATE = Path(__file__).with_name("fork_template.py")
TEMPLATE_START_TIMEOUT = 120
PROBE_TIMEOUT = 30


def active(settings=None):
    """Whether kernels are fork-started under ``settings`` (GradingKernels; default: this environment's): asked for,
    sandboxed, and the system calls can sandbox them here."""
    settings = settings or GradingKernels()
    return settings.fork and settings.sandbox and isolation.supported()


def status(settings=None):
    """The line that says how kernels start: forked (and sandboxed) or not, and why not."""
    settings = settings or GradingKernels()
    if active(settings):
        return ("Fork-started kernels: ON (each kernel forked from a template that has TensorFlow imported, and "
                "sandboxed as it starts)")
    if not settings.fork:
        why = f"turned off: {FORK_ENV}=0 or `grade --no-fork-kernels`"
    elif not settings.sandbox:
        why = f"they are sandboxed, and the sandbox is off ({SANDBOX_ENV}=0)"
    else:
        why = "they need Linux on x86_64 and a grader running as root"
    return f"Fork-started kernels: OFF ({why}): each kernel starts and imports TensorFlow itself"


def configure(c):
    """Make the autograder start kernels by forking them where ``c`` (a traitlets Config) and this machine allow it
    (after sandbox.configure: the fork provisioner falls back on the sandbox's settings)."""
    if active(GradingKernels(config=c)):
        c.GuardedExecute.kernel_name = KERNEL_NAME
        register_provisioner()
    else:
        c.GuardedExecute.kernel_name = sandbox.KERNEL_NAME


def start_template(settings=None):
    """Start this process's template now, when kernels are fork-started, so that the first kernel does not wait
    for its imports (a template that cannot start is reported by the first kernel, which then starts in
    bubblewrap)."""
    if active(settings):
        try:
            Template.current()
        except OSError:
            pass


def register_provisioner():
    """As sandbox.register_provisioner: found even where a stale egg-info hides the package's entry points."""
    from importlib.metadata import EntryPoint
    from jupyter_client.provisioning.factory import KernelProvisionerFactory
    KernelProvisionerFactory.provisioners.setdefault(PROVISIONER_NAME, EntryPoint(
        PROVISIONER_NAME, f"{__name__}:ForkProvisioner", KernelProvisionerFactory.GROUP_NAME))


def _tf_settings(env):
    return {name: value for name, value in env.items() if name.startswith(("TF_", "KERAS_"))}


class Template:
    """The template process of this grading process (started on first use, ended with the grader). It is started
    with the kernels' environment only, and proven able to build a sandbox before it serves a kernel."""

    _current = None

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="course-fork-"))
        self.socket = self.folder / "template.sock"
        self.env = sandbox.harmless_env(os.environ)
        self.process = subprocess.Popen([sys.executable, str(TEMPLATE), str(self.socket)], env=self.env, cwd="/",
                                        stdin=subprocess.DEVNULL, start_new_session=True)
        atexit.register(self.close)
        deadline = time.monotonic() + TEMPLATE_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise OSError(f"the kernel template exited with {self.process.returncode}")
            try:
                self.ask({"op": "status", "pid": 0})
                break
            except OSError:
                time.sleep(0.05)
        else:
            self.close()
            raise OSError(f"the kernel template did not start within {TEMPLATE_START_TIMEOUT} s")
        self._probe()

    def _probe(self):
        """Build one sandbox as a kernel's would be built (and end it): an OSError when that fails here."""
        with tempfile.TemporaryDirectory(prefix="course-fork-probe-") as scratch:
            cwd, private = Path(scratch) / "work", Path(scratch) / "private"
            cwd.mkdir()
            private.mkdir(mode=0o700)
            uid = sandbox.sandbox_uid()
            os.chown(private, uid, uid)
            layout = sandbox.prepare_layout(cwd, private, [], uid).as_dict()
            pid = self.ask({"op": "fork", "probe": True, "argv": [], "layout": layout, "uid": uid, "env": {},
                            "limits": sandbox.Limits().by_name()})["pid"]
            code = ForkedKernel(pid, self).wait(PROBE_TIMEOUT)
        if code != 0:
            self.close()
            raise OSError(f"the kernel template could not build a sandbox here (exit {code}; its message is in the "
                          "grader's log)")

    @classmethod
    def current(cls):
        if cls._current is None or cls._current.process.poll() is not None:
            cls._current = cls()
        return cls._current

    def serves(self, env):
        """Whether kernels with environment ``env`` can come from this template (same TensorFlow settings)."""
        return _tf_settings(env) == _tf_settings(self.env)

    def ask(self, request):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(30)
            connection.connect(str(self.socket))
            connection.sendall((json.dumps(request) + "\n").encode())
            return json.loads(connection.makefile().readline())

    def close(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


class ForkedKernel:
    """A kernel forked by the template (its monitor process), behind the part of the Popen interface
    jupyter_client uses."""

    def __init__(self, pid, template):
        self.pid, self.template = pid, template
        self.returncode = None
        self.stdin = self.stdout = self.stderr = None

    def poll(self):
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:  # ended, and reaped by the template
                exit_code = self.template.ask({"op": "status", "pid": self.pid})["exit"]
                self.returncode = -1 if exit_code is None else exit_code
        return self.returncode

    def wait(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("forked kernel", timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum):
        if self.poll() is None:
            try:
                os.killpg(self.pid, signum)  # its session: the monitor and init ignore SIGINT; the kernel takes it
            except ProcessLookupError:
                try:  # just forked: not yet the leader of a session of its own
                    os.kill(self.pid, signum)
                except ProcessLookupError:
                    pass

    def terminate(self):
        self.send_signal(signal.SIGTERM)

    def kill(self):
        self.send_signal(signal.SIGKILL)


class ForkProvisioner(sandbox.SandboxProvisioner):
    """Starts each kernel forked from this process's Template and sandboxed; in bubblewrap (the sandbox
    provisioner it extends) where that cannot be."""

    _template = None
    _warned = False  # class-level: the fallback is logged once per process

    async def pre_launch(self, **kwargs):
        settings = GradingKernels(parent=self)
        env = kwargs.get("env") or os.environ
        try:
            if not active(settings):
                raise OSError(status(settings))
            template = await asyncio.get_running_loop().run_in_executor(None, Template.current)
            if not template.serves(env):
                raise OSError("the kernel asks for other TensorFlow settings than the template has")
        except OSError as error:
            if not ForkProvisioner._warned:
                ForkProvisioner._warned = True
                self.log.warning("Fork-started kernels unavailable (%s): kernels start in bubblewrap", error)
            self._template = None
            return await super().pre_launch(**kwargs)
        self._template = template
        self._new_private_dir()
        kwargs = await LocalProvisioner.pre_launch(self, **kwargs)
        self._give_connection_file()
        kwargs["env"] = sandbox.kernel_env(kwargs.get("env") or os.environ, self._private_dir)
        return kwargs

    async def launch_kernel(self, cmd, **kwargs):
        if self._template is None:
            return await super().launch_kernel(cmd, **kwargs)
        argv = cmd[cmd.index("ipykernel_launcher") + 1:]
        cwd = str(kwargs.get("cwd") or os.getcwd())
        layout = sandbox.prepare_layout(cwd, self._private_dir, self.hidden_paths, self._uid, self.tmp_bytes)
        reply = self._template.ask({"op": "fork", "argv": argv, "layout": layout.as_dict(), "uid": self._uid,
                                    "env": kwargs["env"], "limits": self.limits.by_name()})
        self.process = ForkedKernel(reply["pid"], self._template)
        self.pid, self.pgid = reply["pid"], None  # signals go through ForkedKernel.send_signal
        self.cwd = cwd
        return self.connection_info
