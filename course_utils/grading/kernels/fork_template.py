"""The template process of fork-started kernels (course_utils/grading/kernels/forked.py).

It imports once what every lab's kernel needs (NumPy, TensorFlow, Keras, SymPy, ipykernel) and runs no
TensorFlow op (one op in the template and the forked kernels hang). It then serves requests on a unix socket, one
JSON line each:

* ``{"op": "fork", "argv": [...], "cwd": ..., "env": {...}, "limits": {...}}``: fork a fresh kernel; the child gets a
  session of its own, the given folder, environment and resource limits, new random seeds, and runs
  ``ipykernel`` with ``argv``; the reply is ``{"pid": ...}``;
* ``{"op": "status", "pid": ...}``: ``{"exit": code}`` once the kernel has ended, ``{"exit": null}`` before.

Run as ``python -m course_utils.grading.kernels.fork_template SOCKET``; it ends when its parent (the grader) does.
"""
import json
import os
import random
import resource
import signal
import socket
import sys

# Not matplotlib: it takes its backend from the environment at import, and each kernel sets its own.
PRELOADED = ("numpy", "tensorflow", "keras", "sympy", "ipykernel.kernelapp")
LIMITS = {"data": resource.RLIMIT_DATA, "cpu": resource.RLIMIT_CPU, "fsize": resource.RLIMIT_FSIZE,
          "nofile": resource.RLIMIT_NOFILE, "core": resource.RLIMIT_CORE}
_exits = {}


def _reap(signum, frame):
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _exits[pid] = os.waitstatus_to_exitcode(status)


def _run_kernel(request):
    """In the forked child: become a fresh kernel process, then run ipykernel (never returns)."""
    os.setsid()
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    for name, value in request.get("limits", {}).items():
        resource.setrlimit(LIMITS[name], (value, value))
    random.seed()
    import numpy

    numpy.random.seed()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    argv = list(request["argv"])
    if request["env"].get("JPY_PARENT_PID"):  # read by ipykernel at import, in the template: tell it again
        argv.append(f"--IPKernelApp.parent_handle={request['env']['JPY_PARENT_PID']}")
    sys.argv = ["ipykernel_launcher", *argv]
    try:
        from ipykernel.kernelapp import IPKernelApp

        IPKernelApp.launch_instance(argv=argv)
        code = 0
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else 1
    except BaseException:
        code = 1
    os._exit(code)


def serve(path):
    for name in PRELOADED:
        __import__(name)
    signal.signal(signal.SIGCHLD, _reap)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(8)  # from now on the grader can connect: it waits for that, so this is "ready"
    parent = os.getppid()
    listener.settimeout(1.0)
    while os.getppid() == parent:  # the grader is gone: so is the template
        try:
            connection, _ = listener.accept()
        except socket.timeout:
            continue
        except InterruptedError:
            continue
        with connection:
            request = json.loads(connection.makefile().readline())
            if request["op"] == "fork":
                pid = os.fork()
                if pid == 0:
                    listener.close()
                    connection.close()
                    _run_kernel(request)
                reply = {"pid": pid}
            else:
                reply = {"exit": _exits.get(request["pid"])}
            connection.sendall((json.dumps(reply) + "\n").encode())


if __name__ == "__main__":
    serve(sys.argv[1])
