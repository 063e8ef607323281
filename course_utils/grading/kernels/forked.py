"""Fork-started kernels: each fresh kernel is forked from a template process that has already imported TensorFlow.

Starting a kernel and importing TensorFlow costs about 3.4 s; forked from a template that holds the imports, it
costs about 1.1 s, and the kernels share the template's memory pages until they write to them. The template
(:mod:`.fork_template`) runs no TensorFlow op: an op before the fork makes the children hang.

Every kernel is still fresh: forked from the untouched template, never from another student's kernel, with new
random seeds, its own working folder, the environment the grader gives it, its own session (signals reach it
alone) and resource limits (memory, CPU time, file size). It talks to the grader over unix sockets in a private
folder, so parallel starts never collide on a port.

How it plugs in: ``GradingKernels.fork`` (``grade --fork-kernels`` sets it in its workers' configuration;
``COURSE_FORK_KERNELS=1`` is its default) picks the ``nn-course-fork`` kernelspec, whose ``course-fork``
provisioner is :class:`ForkProvisioner`. The grading sandbox wins over it: with the sandbox on (its kernels are
started by bubblewrap, which a fork cannot enter), kernels are sandboxed and not forked, and the status line says
so. Where the template cannot start or a kernel asks for different TensorFlow settings than the template was
started with, the kernel starts the normal way.
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

from . import GradingKernels, SANDBOX_ENV, sandbox

KERNEL_NAME = "nn-course-fork"
PROVISIONER_NAME = "course-fork"
TEMPLATE_START_TIMEOUT = 120
LIMITS = {"data": sandbox.Limits.memory_bytes, "cpu": sandbox.Limits.cpu_seconds,
          "fsize": sandbox.Limits.file_bytes, "core": 0}


def active(settings=None):
    """Whether kernels are fork-started under ``settings`` (GradingKernels; default: this environment's): asked for,
    and the grading sandbox (which wins) is not on."""
    settings = settings or GradingKernels()
    return settings.fork and not sandbox.available(settings)[0]


def status(settings=None):
    """The line that says whether kernels are fork-started (None when they were not asked for)."""
    settings = settings or GradingKernels()
    if not settings.fork:
        return None
    if not active(settings):
        return (f"Fork-started kernels: OFF: the grading sandbox is on and wins (its kernels cannot be forked; "
                f"{SANDBOX_ENV}=0 turns the sandbox off)")
    return "Fork-started kernels: ON (each kernel forked from a template that has TensorFlow imported)"


def configure(c):
    """Make the autograder start kernels by forking them when ``c`` (a traitlets Config) asks for that and the
    sandbox is not on."""
    if active(GradingKernels(config=c)):
        c.GuardedExecute.kernel_name = KERNEL_NAME
        register_provisioner()


def start_template(settings=None):
    """Start this process's template now, when kernels are fork-started, so that the first kernel does not wait
    for its imports (a template that cannot start is reported by the first kernel, which then starts normally)."""
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
    """The template process of this grading process (started on first use, ended with the grader)."""

    _current = None

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="course-fork-"))
        self.socket = self.folder / "template.sock"
        self.env = dict(os.environ)
        self.process = subprocess.Popen([sys.executable, "-m", "course_utils.grading.kernels.fork_template",
                                         str(self.socket)], env=self.env, stdin=subprocess.DEVNULL,
                                        start_new_session=True)
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
        atexit.register(self.close)

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
    """A kernel process forked by the template, behind the part of the Popen interface jupyter_client uses."""

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
            except PermissionError:
                pass
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
                os.killpg(self.pid, signum)  # its session: the kernel and what it started
            except ProcessLookupError:
                try:  # just forked: not yet the leader of a session of its own
                    os.kill(self.pid, signum)
                except ProcessLookupError:
                    pass

    def terminate(self):
        self.send_signal(signal.SIGTERM)

    def kill(self):
        self.send_signal(signal.SIGKILL)


class ForkProvisioner(LocalProvisioner):
    """Starts each kernel as a fork of this process's Template; a normal start where that cannot be."""

    _private_dir = None
    _warned = False

    async def pre_launch(self, **kwargs):
        if self._private_dir is None:  # a restart keeps the folder, the sockets' names and the key
            self._private_dir = sandbox.private_sockets(self.parent)
        return await super().pre_launch(**kwargs)

    async def launch_kernel(self, cmd, **kwargs):
        env = dict(kwargs.get("env") or os.environ)
        if not kwargs.get("independent"):  # as jupyter_client's own launcher does: the kernel knows its grader
            env["JPY_PARENT_PID"] = str(os.getpid())
        try:
            template = await asyncio.get_running_loop().run_in_executor(None, Template.current)
            if not template.serves(env):
                raise OSError("the kernel asks for other TensorFlow settings than the template has")
        except OSError as error:
            if not ForkProvisioner._warned:
                ForkProvisioner._warned = True
                self.log.warning("Fork-started kernels unavailable (%s): kernels start the normal way", error)
            return await super().launch_kernel(cmd, **kwargs)
        argv = cmd[cmd.index("ipykernel_launcher") + 1:] if "ipykernel_launcher" in cmd else None
        if argv is None:
            return await super().launch_kernel(cmd, **kwargs)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        reply = template.ask({"op": "fork", "argv": argv, "cwd": cwd, "env": env, "limits": LIMITS})
        self.process = ForkedKernel(reply["pid"], template)
        self.pid, self.pgid = reply["pid"], None  # signals go through ForkedKernel.send_signal
        self.cwd = cwd
        return self.connection_info

    async def cleanup(self, restart=False):
        await super().cleanup(restart=restart)
        if not restart and self._private_dir is not None:
            shutil.rmtree(self._private_dir, ignore_errors=True)
            self._private_dir = None
