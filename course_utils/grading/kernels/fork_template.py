"""The template process of fork-started kernels (course_utils/grading/kernels/forked.py).

It imports once what every lab's kernel needs (NumPy, TensorFlow, Keras, SymPy, ipykernel) and runs no
TensorFlow op (one op in the template and the forked kernels hang). It then serves requests on a unix socket that
only root can open, one JSON line each:

* ``{"op": "fork", "argv": [...], "layout": {...}, "uid": ..., "env": {...}, "limits": {...}}``: start a sandboxed
  kernel; the reply is ``{"pid": ...}``, the kernel's monitor process, whose process group the grader signals;
  with ``"probe": true`` the sandbox is built and the process ends with 0 instead of running a kernel;
* ``{"op": "status", "pid": ...}``: ``{"exit": code}`` once it has ended, ``{"exit": null}`` before (and the
  template's own pid).

Each kernel is three processes: the *monitor* (in the host's PID namespace; a session of its own) makes a new PID
namespace, whose first process, *init*, makes the sandbox (:mod:`isolation`) and forks the *kernel* (PID 2), a
fresh IPython kernel with new random seeds. Init ends with the kernel, and the namespace's processes with init.

It runs as a script (``python fork_template.py SOCKET IDLE_SECONDS``), not as part of ``course_utils``: the kernels
inherit its memory, which must hold none of the instructor's modules. Started with the kernels' environment only
(its environment block is what a kernel's /proc/self/environ shows). Every grading process on the machine uses it
(forked.Template): it ends once none of its kernels runs and nothing was asked of it for IDLE_SECONDS.
"""
import json
import os
import random
import signal
import socket
import sys
import time

import isolation
import sandbox_exec

# Not matplotlib: it takes its backend from the environment at import, and each kernel sets its own. The kernel
# imports ipykernel.debugger as it starts (debugpy scans every loaded module: 0.25 s once TensorFlow is loaded).
PRELOADED = ("numpy", "tensorflow", "keras", "sympy", "ipykernel.kernelapp", "ipykernel.debugger")
_exits = {}  # pid of a kernel's monitor -> its exit code, once it ended
_running = set()  # pids of the monitors still running


def _reap(signum, frame):
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _exits[pid] = os.waitstatus_to_exitcode(status)
        _running.discard(pid)


def _fail(where, error):
    os.write(2, f"fork template: the kernel's {where} failed: {error!r}\n".encode())
    os._exit(70)


def _monitor(request):
    """In the host's PID namespace: a session of its own (the grader's signals reach all three processes)."""
    try:
        os.setsid()
        isolation.prctl(isolation.PR_SET_PDEATHSIG, signal.SIGKILL)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # an interrupt is for the kernel
        isolation.unshare(isolation.CLONE_NEWPID)  # for the children only
        pid = os.fork()
        if pid == 0:
            _init(request)
        os.closerange(3, 65536)
        _, status = os.waitpid(pid, 0)
        os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
    except BaseException as error:  # never back into the template's loop
        _fail("monitor", error)


def _init(request):
    """PID 1 of the new PID namespace: build the sandbox, become the kernel's user, fork the kernel, reap."""
    try:
        isolation.prctl(isolation.PR_SET_PDEATHSIG, signal.SIGKILL)
        isolation.unshare(isolation.NAMESPACES)
        isolation.build_root(request["root"], request["layout"])
        isolation.set_hostname("grading")
        isolation.loopback_up()
        os.chdir(request["layout"]["cwd"])
        sandbox_exec.set_limits(request["limits"])  # as in bubblewrap
        isolation.drop_privileges(request["uid"])
        isolation.prctl(isolation.PR_SET_PDEATHSIG, signal.SIGKILL)  # the change of user cleared it
        os.closerange(3, 65536)
        if request.get("probe"):
            os._exit(0)
        kernel = os.fork()
        if kernel == 0:
            _kernel(request)
        signal.signal(signal.SIGTERM, lambda signum, frame: os.kill(kernel, signal.SIGTERM))
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        while True:
            try:
                pid, status = os.wait()
            except ChildProcessError:
                os._exit(0)
            if pid == kernel:
                os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
    except BaseException as error:
        _fail("sandbox", error)


def _matplotlib_backend_from_environment():
    """Take matplotlib's backend from the environment, as a kernel that imports it itself does (ipykernel sets
    MPLBACKEND as it starts: its inline backend, which puts figures in the notebook). TensorFlow imported matplotlib in
    the template, which has no MPLBACKEND: figures would go to a non-interactive backend and never show."""
    backend = os.environ.get("MPLBACKEND")
    if backend and "matplotlib" in sys.modules:  # as matplotlib does at import; pyplot takes it at its first figure
        sys.modules["matplotlib"].rcParams["backend"] = backend


def _kernel(request):
    """PID 2: a fresh kernel (never returns)."""
    code = 1
    try:
        for signum in (signal.SIGTERM, signal.SIGCHLD, signal.SIGPIPE):
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.environ.clear()
        os.environ.update(request["env"])
        random.seed()
        import numpy

        numpy.random.seed()
        # The change of user made the process undumpable, and /proc/self/... root's: an exec'd kernel is dumpable.
        isolation.prctl(isolation.PR_SET_DUMPABLE, 1)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        argv = [*request["argv"], "--IPKernelApp.parent_handle=1"]  # its parent: init, PID 1
        sys.argv = ["ipykernel_launcher", *argv]
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        app.initialize(argv)
        _matplotlib_backend_from_environment()
        app.start()
        code = 0
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else 1
    except BaseException as error:
        os.write(2, f"fork template: the kernel failed: {error!r}\n".encode())
    os._exit(code)


def serve(path, idle_seconds):
    for name in PRELOADED:
        __import__(name)
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [entry for entry in sys.path if entry and os.path.abspath(entry) != here]  # not in the sandbox
    # The empty folder on which each kernel's init mounts its new root (in its own mount namespace: the host's
    # stays empty).
    root = os.path.join(os.path.dirname(path), "root")
    os.makedirs(root, 0o700, exist_ok=True)
    signal.signal(signal.SIGCHLD, _reap)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    if os.path.exists(path):  # an ended template's (its starter holds the lock: no other one runs)
        os.unlink(path)
    listener.bind(path)
    os.chmod(path, 0o600)
    listener.listen(16)  # from now on graders can connect: the one that started it waits for that ("ready")
    listener.settimeout(1.0)
    asked = time.monotonic()
    while _running or time.monotonic() - asked < idle_seconds:
        try:
            connection, _ = listener.accept()
        except (socket.timeout, InterruptedError):
            continue
        asked = time.monotonic()
        with connection:
            connection.settimeout(30)
            request = json.loads(connection.makefile().readline())
            if request["op"] == "fork":
                request["root"] = root
                # Counted as running before its end can be reaped (else the template could end under a kernel).
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
                pid = os.fork()
                if pid == 0:
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
                    listener.close()
                    connection.close()
                    _monitor(request)
                _running.add(pid)
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
                reply = {"pid": pid}
            else:
                reply = {"exit": _exits.get(request["pid"]), "template": os.getpid()}
            connection.sendall((json.dumps(reply) + "\n").encode())
    os.unlink(path)  # the next grader starts a new template
    listener.close()


if __name__ == "__main__":
    serve(sys.argv[1], float(sys.argv[2]))
