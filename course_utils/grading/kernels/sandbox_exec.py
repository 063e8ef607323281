"""The last step of the grading sandbox, run inside it: set the resource limits, then become the kernel.

Run as a script, ``python -I -S sandbox_exec.py data=4294967296 nproc=512 ... [uid=N] -- python -m ipykernel_launcher
...`` (no site packages: it starts in a few milliseconds). With ``uid=N`` (the grader is root; bubblewrap left this
process only CAP_SETUID and CAP_SETGID) it then becomes uid and gid N with no supplementary groups, which drops
those two capabilities as well: the kernel runs as a user of its own, that owns no file outside its folders, and
whose process count is the sandbox's alone.

:func:`set_limits` also sets the limits of forked kernels (the fork template imports this module: stdlib only).
"""
import os
import resource
import signal
import sys

RLIMITS = {
    "data": resource.RLIMIT_DATA,    # heap and private memory of each process (MemoryError beyond it)
    "nproc": resource.RLIMIT_NPROC,  # processes and threads of the sandbox
    "cpu": resource.RLIMIT_CPU,      # CPU seconds of each process (a backstop: cells have their own wall time)
    "fsize": resource.RLIMIT_FSIZE,  # largest file the kernel may write
    "nofile": resource.RLIMIT_NOFILE,
    "core": resource.RLIMIT_CORE,
}


def parse(argv):
    """``["data=1", ..., "uid=N", "--", *command]`` -> ({name: value}, uid or None, command)."""
    if "--" not in argv:
        raise SystemExit("usage: sandbox_exec.py NAME=VALUE ... -- COMMAND ...")
    split = argv.index("--")
    limits, uid = {}, None
    for item in argv[:split]:
        name, _, value = item.partition("=")
        if name == "uid":
            uid = int(value)
        else:
            limits[name] = int(value)
    command = argv[split + 1:]
    if not command:
        raise SystemExit("sandbox_exec.py: no command")
    return limits, uid, command


def set_limits(limits):
    """Set ``limits`` ({name in RLIMITS: value}) on this process (and so on what it starts)."""
    for name, value in limits.items():
        # The hard CPU limit is a little above the soft one: SIGXCPU first, SIGKILL if it is ignored.
        hard = value + 5 if name == "cpu" else value
        resource.setrlimit(RLIMITS[name], (value, hard))


def main(argv):
    limits, uid, command = parse(argv)
    set_limits(limits)
    # bubblewrap was started with SIGINT ignored (an interrupt must reach the kernel, not end the sandbox);
    # the kernel gets the default back.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if uid is not None:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
        if os.getuid() != uid or os.geteuid() != uid or os.getgid() != uid:
            raise SystemExit("sandbox_exec.py: could not change user")
    os.execv(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
