"""Fork-started kernels: each kernel is forked from a template process that has already imported TensorFlow, and
sandboxed as it starts.

Starting a sandboxed kernel in bubblewrap and importing TensorFlow costs about 5 s; forked from a template that
holds the imports, about 0.5 s, and the kernels share the template's memory pages until they write to them. The
template (:mod:`.fork_template`) runs no TensorFlow op: an op before the fork makes the children hang. One template
serves every grading process of the machine (:class:`Template`): its start (3.6 s of CPU) is paid once, not once
per nbgrader command or worker.

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
import fcntl
import hashlib
import json
import os
import signal
import socket
import stat
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
IDLE_SECONDS = 60  # a template ends this long after its last kernel ended and nothing was asked of it


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
    """Make sure the machine's template runs now, when kernels are fork-started, so that the first kernel does not
    wait for its imports (a template that cannot start is reported by the first kernel, which then starts in
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


def _template_key(env):
    """What a template is shared under: this Python, the template's code, the installed packages (as their folders'
    modification times show them) and the environment it starts with."""
    import site

    digest = hashlib.sha256(json.dumps([sys.executable, sorted(env.items())]).encode())
    for path in (TEMPLATE, Path(isolation.__file__), sandbox.SANDBOX_EXEC):
        digest.update(path.read_bytes())
    for folder in site.getsitepackages():
        digest.update(str(os.stat(folder).st_mtime_ns).encode() if os.path.isdir(folder) else b"")
    return digest.hexdigest()[:16]


def _private_folder(path):
    """``path``, a folder only this user (root) can enter: made so, or refused when someone else made it."""
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o077:
        raise OSError(f"{path} is not a folder of this user's alone: kernels are not forked from it")
    return path


class Template:
    """This machine's template process for this Python environment and kernel environment, shared by every grading
    process (each LocalCluster worker, each nbgrader command): the first that needs it starts it, under a lock; it
    ends once none of its kernels runs and none was asked for in IDLE_SECONDS. Its folder (socket, lock, log) is
    root's alone. It is started with the kernels' environment only, and proven able to build a sandbox before it
    serves a kernel; its output, and the output of its kernels' processes, goes to the log in its folder."""

    _current = None

    def __init__(self):
        self.env = sandbox.harmless_env(os.environ)
        self.folder = _private_folder(Path(tempfile.gettempdir()) / f"course-fork-{_template_key(self.env)}")
        self.socket, self.log = self.folder / "template.sock", self.folder / "template.log"

    @classmethod
    def current(cls):
        """The running template, started when there is none (an OSError when it cannot start or sandbox here)."""
        if cls._current is None:
            cls._current = cls()
        cls._current.ensure_running()
        return cls._current

    def running(self):
        try:
            self.ask({"op": "status", "pid": 0})
            return True
        except OSError:
            return False

    def ensure_running(self):
        if self.running():
            return
        with open(self.folder / "lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one grading process starts it; the others wait, then use it
            if not self.running():
                self._start()

    def _start(self):
        with open(self.log, "w") as log:
            process = subprocess.Popen([sys.executable, "-Xfrozen_modules=off", str(TEMPLATE), str(self.socket),
                                        str(IDLE_SECONDS)], env=self.env, cwd="/", stdin=subprocess.DEVNULL,
                                       stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + TEMPLATE_START_TIMEOUT
        while not self.running():
            if process.poll() is not None:
                raise OSError(f"the kernel template exited with {process.returncode} (its log: {self.log})")
            if time.monotonic() > deadline:
                process.kill()
                raise OSError(f"the kernel template did not start within {TEMPLATE_START_TIMEOUT} s")
            time.sleep(0.05)
        try:
            self._probe()
        except OSError:
            process.kill()
            raise

    def _probe(self):
        """Build one sandbox as a kernel's would be built (and end it): an OSError when that fails here."""
        with tempfile.TemporaryDirectory(prefix="course-fork-probe-") as scratch:
            cwd, private = Path(scratch) / "work", Path(scratch) / "private"
            cwd.mkdir()
            private.mkdir(mode=0o700)
            uid = sandbox.sandbox_uid()
            os.chown(private, uid, uid)
            layout = sandbox.prepare_layout(cwd, private, [], uid).as_dict()
            code = ForkedKernel(self.fork({"probe": True, "argv": [], "layout": layout, "uid": uid, "env": {},
                                           "limits": sandbox.Limits().by_name()}), self).wait(PROBE_TIMEOUT)
        if code != 0:
            raise OSError(f"the kernel template could not build a sandbox here (exit {code}; its message is in "
                          f"{self.log})")

    def serves(self, env):
        """Whether kernels with environment ``env`` can come from this template (same TensorFlow settings)."""
        return _tf_settings(env) == _tf_settings(self.env)

    def fork(self, request):
        """Fork a kernel as ``request`` says; its monitor's pid. A template that ended since it was last asked (idle)
        is started again."""
        request = {"op": "fork", **request}
        try:
            return self.ask(request)["pid"]
        except OSError:
            self.ensure_running()
            return self.ask(request)["pid"]

    def ask(self, request):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(30)
            connection.connect(str(self.socket))
            connection.sendall((json.dumps(request) + "\n").encode())
            reply = connection.makefile().readline()
        if not reply:
            raise ConnectionResetError("the kernel template ended before it answered")
        return json.loads(reply)


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
                try:
                    exit_code = self.template.ask({"op": "status", "pid": self.pid})["exit"]
                except OSError:  # and the template ended since (idle)
                    exit_code = None
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
        pid = self._template.fork({"argv": argv, "layout": layout.as_dict(), "uid": self._uid, "env": kwargs["env"],
                                   "limits": self.limits.by_name()})
        self.process = ForkedKernel(pid, self._template)
        self.pid, self.pgid = pid, None  # signals go through ForkedKernel.send_signal
        self.cwd = cwd
        return self.connection_info
