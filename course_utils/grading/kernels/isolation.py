"""The system calls that sandbox a kernel forked from the template (:mod:`.fork_template`), through ctypes.

They run in a freshly forked, single-threaded child of the template, which runs as root (in the initial user
namespace: no user namespace is needed), in this order: new mount, network, IPC, UTS and cgroup namespaces (the PID
namespace comes first, from the parent); a new root file system that holds only what is allowed
(:func:`build_root`: the system's and the Python environment's files read-only, a few files of ``/etc``, a minimal
``/dev``, its own ``/proc``, a private ``/tmp``, an empty working folder, the connection folder); then resource
limits (set by the caller: ``sandbox_exec.set_limits``), a uid of its own without capabilities, no new privileges and
a seccomp filter (:func:`drop_privileges`).
Linux on x86_64 only (the seccomp filter and the syscall numbers): :func:`supported`.
"""
import ctypes
import errno
import fcntl
import os
import platform
import socket
import struct

CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x02000000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
NAMESPACES = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND, MS_REC = 1, 2, 4, 8, 32, 4096, 16384
MS_PRIVATE = 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_SECCOMP, PR_CAPBSET_DROP = 1, 4, 22, 24
PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 38, 47, 4
SYS_PIVOT_ROOT, SYS_CAPSET = 155, 126  # x86_64
DEVICES = ("null", "zero", "full", "random", "urandom", "tty")

_libc = ctypes.CDLL(None, use_errno=True)
_libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
_libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]
_libc.unshare.argtypes = [ctypes.c_int]
_libc.sethostname.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
_libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
_libc.syscall.restype = ctypes.c_long


def supported():
    """Whether these calls can sandbox a kernel here: Linux on x86_64, as root."""
    return platform.system() == "Linux" and platform.machine() == "x86_64" and os.geteuid() == 0


def _check(result, what):
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"{what}: {os.strerror(code)}")


def _bytes(value):
    return None if value is None else os.fsencode(value)


def unshare(flags):
    _check(_libc.unshare(flags), f"unshare({flags:#x})")


def mount(source, target, fstype, flags=0, data=None):
    _check(_libc.mount(_bytes(source), _bytes(target), _bytes(fstype), flags, _bytes(data)),
           f"mount({source!r}, {target!r}, {fstype!r})")


def prctl(option, arg2=0, arg3=0, arg4=0, arg5=0):
    _check(_libc.prctl(option, arg2, arg3, arg4, arg5), f"prctl({option})")


def _inside(root, path):
    return os.path.join(root, os.path.relpath(os.path.abspath(path), "/"))


def _makedirs(path, mode=0o755):
    if not os.path.isdir(path):
        os.makedirs(path, mode=mode)
        os.chmod(path, mode)  # not the umask's


def _within(path, parent):
    return path == parent or path.startswith(parent.rstrip("/") + "/")


def _hide(root, path):
    """An empty read-only folder over ``path`` (a folder inside one mounted read-only)."""
    if os.path.isdir(_inside(root, path)):
        mount("tmpfs", _inside(root, path), "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=4k,mode=555")


def _bind(root, path, writable=False, flags=MS_NOSUID | MS_NODEV):
    """Mount the host's ``path`` at the same place under ``root`` (read-only unless ``writable``); a symlink is
    copied as a symlink."""
    target = _inside(root, path)
    if os.path.islink(path):
        _makedirs(os.path.dirname(target))
        if not os.path.lexists(target):
            os.symlink(os.readlink(path), target)
        return
    if os.path.isdir(path):
        _makedirs(target)
    else:
        _makedirs(os.path.dirname(target))
        if not os.path.exists(target):
            open(target, "w").close()
    mount(path, target, None, MS_BIND | MS_REC)
    mount(None, target, None, MS_REMOUNT | MS_BIND | flags | (0 if writable else MS_RDONLY))


def _tmpfs(root, path, size, mode, flags=MS_NOSUID | MS_NODEV):
    target = _inside(root, path)
    _makedirs(target)
    mount("tmpfs", target, "tmpfs", flags, f"size={size},mode={mode:o}")


def build_root(root, layout):
    """Mount under ``root`` (an empty folder) the file system the kernel sees, as ``layout`` (sandbox.Layout's
    dict) says: ``readonly`` (the host's paths, read-only), ``hidden`` (folders inside those: an empty folder over
    each), ``files`` (made files: path -> text), ``cwd`` (an empty private folder there: the notebook the grader
    runs lies in the host's folder and stays out of sight), ``private_dir`` (the connection folder, writable) and
    ``tmp_bytes`` (the size of /tmp and of the working folder); besides, a minimal /dev and its own /proc.
    The caller is PID 1 of a new PID namespace (for its /proc), in a new mount namespace."""
    mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing mounted here reaches the host
    mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=755")
    size = layout["tmp_bytes"]
    mounts = [(path, lambda path: _bind(root, path)) for path in layout["readonly"]]
    mounts += [(path, lambda path: _hide(root, path)) for path in layout["hidden"]]
    mounts += [("/tmp", lambda path: _tmpfs(root, path, size, 0o1777)),
               (layout["cwd"], lambda path: _tmpfs(root, path, size, 0o1777)),
               (layout["private_dir"], lambda path: _bind(root, path, writable=True))]
    for path, make in sorted(mounts, key=lambda item: item[0].rstrip("/").count("/")):  # parents first
        make(path)
    for path, text in layout["files"].items():
        _makedirs(os.path.dirname(_inside(root, path)))
        with open(_inside(root, path), "w") as handle:
            handle.write(text)
    dev = _inside(root, "/dev")
    _makedirs(dev)
    mount("tmpfs", dev, "tmpfs", MS_NOSUID, "size=64k,mode=755")
    for node in DEVICES:
        open(f"{dev}/{node}", "w").close()
        mount(f"/dev/{node}", f"{dev}/{node}", None, MS_BIND)
        mount(None, f"{dev}/{node}", None, MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NOEXEC)
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
                         ("stderr", "/proc/self/fd/2")):
        os.symlink(target, f"{dev}/{name}")
    _tmpfs(root, "/dev/shm", 64 << 20, 0o1777)
    _makedirs(_inside(root, "/proc"))
    mount("proc", _inside(root, "/proc"), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    os.chdir(root)
    _check(_libc.syscall(SYS_PIVOT_ROOT, b".", b"."), "pivot_root")  # the old root is stacked on the new one...
    _check(_libc.umount2(b".", MNT_DETACH), "umount2")                 # ...and detached
    os.chdir("/")
    mount(None, "/", None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)


def loopback_up():
    """Bring up the new network namespace's own loopback (it reaches nothing but this sandbox)."""
    get_flags, set_flags, up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        request = struct.pack("16sh14x", b"lo", 0)
        flags = struct.unpack("16sh14x", fcntl.ioctl(probe, get_flags, request))[1]
        fcntl.ioctl(probe, set_flags, struct.pack("16sh14x", b"lo", flags | up))


def set_hostname(name):
    raw = name.encode()
    _check(_libc.sethostname(raw, len(raw)), "sethostname")


def drop_privileges(uid):
    """Root to ``uid`` (its own group, no other), with no capability left (not even in the bounding set), no new
    privileges, and a seccomp filter: no new namespaces, no kernel keyrings, BPF, userfaultfd or perf events."""
    with open("/proc/sys/kernel/cap_last_cap") as handle:
        last = int(handle.read())
    for capability in range(last + 1):
        try:
            prctl(PR_CAPBSET_DROP, capability)
        except OSError as error:
            if error.errno != errno.EINVAL:
                raise
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)  # without SECBIT_KEEP_CAPS: the permitted and effective sets are emptied
    header = ctypes.create_string_buffer(struct.pack("Ii", 0x20080522, 0))  # _LINUX_CAPABILITY_VERSION_3
    _check(_libc.syscall(SYS_CAPSET, header, ctypes.create_string_buffer(24)), "capset")
    prctl(PR_SET_NO_NEW_PRIVS, 1)
    if os.getresuid() != (uid,) * 3 or os.getresgid() != (uid,) * 3 or os.getgroups():
        raise OSError(errno.EPERM, "the kernel's user could not be set")
    _install_seccomp()


def _install_seccomp():
    """A classic BPF filter (x86_64): clone()/unshare() with a CLONE_NEW* flag and keyctl, add_key, request_key,
    bpf, userfaultfd, perf_event_open fail with EPERM; clone3 with ENOSYS (glibc then uses clone, whose flags the
    filter can read); x32 calls fail; another architecture's calls kill the process."""
    load, jump_eq, jump_set, jump_ge, ret = 0x20, 0x15, 0x45, 0x35, 0x06
    allow, kill, error = 0x7FFF0000, 0x80000000, 0x00050000
    arch_x86_64, x32_bit = 0xC000003E, 0x40000000
    nr_clone, nr_unshare, nr_clone3 = 56, 272, 435
    denied = (250, 248, 249, 321, 323, 298)
    namespace_flags = 0x7E020000
    program = [(load, 0, 0, 4), (jump_eq, 1, 0, arch_x86_64), (ret, 0, 0, kill),
               (load, 0, 0, 0), (jump_ge, 0, 1, x32_bit), (ret, 0, 0, error | errno.EPERM),
               (jump_eq, 0, 1, nr_clone3), (ret, 0, 0, error | errno.ENOSYS)]
    for number in denied:
        program += [(jump_eq, 0, 1, number), (ret, 0, 0, error | errno.EPERM)]
    program += [(jump_eq, 1, 0, nr_clone), (jump_eq, 0, 4, nr_unshare),
                (load, 0, 0, 16),  # the first argument's low 32 bits: the flags
                (jump_set, 0, 1, namespace_flags), (ret, 0, 0, error | errno.EPERM),
                (ret, 0, 0, allow), (ret, 0, 0, allow)]

    class Instruction(ctypes.Structure):
        _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(Instruction))]

    instructions = (Instruction * len(program))(*[Instruction(*step) for step in program])
    prog = Program(len(program), instructions)
    _check(_libc.prctl(PR_SET_SECCOMP, 2, ctypes.addressof(prog), 0, 0), "seccomp")  # SECCOMP_MODE_FILTER
