"""The grading sandbox: kernels that run student code see no network, none of the course's private files, and run
under memory, process, CPU and file-size limits.

How it plugs in: ``nbgrader_config.py`` calls :func:`configure`, which makes the autograder
(``c.GuardedExecute.kernel_name``; nbgrader's validator, which runs the instructor's or a student's own notebook,
keeps the notebook's kernel) start every kernel from the ``nn-course-grading`` kernelspec
(``course_utils/grading/kernels/jupyter/kernels/``, put on ``JUPYTER_PATH``). That kernelspec names the
``course-sandbox`` kernel provisioner (a ``jupyter_client`` entry point in ``pyproject.toml``):
:class:`SandboxProvisioner`, which starts the ordinary IPython kernel inside bubblewrap (``bwrap``):

* new PID, network, IPC and UTS namespaces: no network at all (not even 127.0.0.1), no other process visible;
  when the grader runs as root, each kernel runs as a uid of its own (unprivileged, owning no file outside its
  folders, so the process limit counts its processes alone); otherwise in a user namespace as the grader's user;
* an allow-list of the file system (:class:`Layout`, the same for forked kernels): read-only, the system's
  libraries and programs, the few files of ``/etc`` that Python, NumPy and TensorFlow read, the Python environment
  and ``course_utils`` without the instructor's part (``reference/``, ``grading/``, ``develop/``: the student
  package is what students install); a ``/etc/passwd`` with the kernel's user alone; nothing else exists for the
  kernel, wherever the course, the gradebook, the exchange or another checkout of the course lies (folders named in
  ``hidden_paths`` are hidden again should they lie inside what is mounted). The kernel works in an empty private
  folder where the notebook's folder is (the notebook the grader runs, hidden tests restored, lies there and stays
  out of sight); writable: that folder, a private size-limited ``/tmp`` and the kernel's own connection folder;
* the kernel talks to the grader over unix sockets (ipc transport) in a folder private to that kernel, so no
  kernel can see another's connection file or key;
* resource limits set inside the sandbox (:mod:`.sandbox_exec`): memory per process, processes and threads, CPU
  seconds, file size; no new privileges (bubblewrap sets ``PR_SET_NO_NEW_PRIVS``); the environment passed in is
  filtered (no database URL or other secret of the grader's reaches student code).

Safe by default: where bubblewrap is missing or cannot run here (and kernels cannot be forked), student code never
runs unsandboxed unless the instructor says so. The bundled sample students (whose notebooks the main job makes
from the course's own notebooks) are graded in normal kernels, with one warning, so that ``make`` works anywhere;
any other student's kernel is refused (:class:`SandboxUnavailable`, naming the fix) until bubblewrap is installed
or the sandbox is turned off for trusted submissions (``GradingKernels.sandbox``, ``COURSE_SANDBOX=0``). With
``GradingKernels.require_sandbox`` (``CI=true`` or ``COURSE_REQUIRE_SANDBOX=1``) the samples are refused too.
:func:`status` gives the one line the main job prints.
"""
import functools
import os
import shutil
import secrets
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from jupyter_client.provisioning import LocalProvisioner
from traitlets import Integer, List, Unicode

from . import GradingKernels, REQUIRE_ENV, SANDBOX_ENV

KERNEL_NAME = "nn-course-grading"
PROVISIONER_NAME = "course-sandbox"
# A Jupyter data folder (put on JUPYTER_PATH) holding kernels/nn-course-grading/kernel.json.
JUPYTER_DATA = Path(__file__).resolve().parent / "jupyter"
SANDBOX_EXEC = Path(__file__).resolve().parent / "sandbox_exec.py"  # copied into the kernel's private folder
# The instructor's part of the course package: hidden from the kernel even where the package is mounted back.
INSTRUCTOR_PACKAGES = ("reference", "grading", "develop")
# Kernels of a root grader run as a random uid from this range (no account has one; 1.5e9 fits a signed int).
UID_BASE, UID_SPAN = 1_500_000_000, 100_000_000
INSTALL_HINT = "install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap)"
REFUSAL = (f"only the bundled sample students are graded (in normal kernels); any other student is refused until "
           f"you {INSTALL_HINT} or turn the sandbox off for trusted submissions ({SANDBOX_ENV}=0)")

# What of the grader's environment a kernel gets: names, and name prefixes. Anything else (a database URL with a
# password, tokens, JPY_PARENT_PID, which names a process the kernel cannot see) stays out.
ENV_NAMES = frozenset({
    "PATH", "LANG", "LANGUAGE", "TZ", "TERM", "VIRTUAL_ENV", "JPY_SESSION_NAME",
    "PYTHONHASHSEED", "PYTHONUNBUFFERED", "PYTHONWARNINGS", "PYTHONDONTWRITEBYTECODE",
    "NBGRADER_EXECUTION", "NBGRADER_VALIDATING",
})
ENV_PREFIXES = ("LC_", "TF_", "KERAS_", "OMP_", "MKL_", "OPENBLAS_", "PYDEVD_")
GIB, MIB = 1 << 30, 1 << 20
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"  # what ipykernel gives a kernel started without one


class SandboxUnavailable(RuntimeError):
    """No sandbox can run here, and the kernel would run a real student's code (or the sandbox is required)."""


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = 4 * GIB   # RLIMIT_DATA of each process: heap and private memory (TensorFlow needs ~1.5 GiB)
    processes: int = 256          # RLIMIT_NPROC of the kernel's uid: processes *and threads* (TensorFlow: ~20)
    cpu_seconds: int = 3600       # RLIMIT_CPU of each process: a backstop; each cell has its own wall-time limit
    file_bytes: int = 1 * GIB     # RLIMIT_FSIZE: the largest file the kernel may write
    open_files: int = 4096
    tmp_bytes: int = 512 * MIB    # size of the private /tmp (and 64 MiB for /dev/shm)

    def by_name(self):
        """The limits under sandbox_exec.py's names (its RLIMITS), as both launchers set them."""
        return {"data": self.memory_bytes, "nproc": self.processes, "cpu": self.cpu_seconds,
                "fsize": self.file_bytes, "nofile": self.open_files, "core": 0}

    def exec_args(self):
        """The NAME=VALUE arguments of sandbox_exec.py."""
        return [f"{name}={value}" for name, value in self.by_name().items()]

    def summary(self):
        """The limits as the status lines tell them."""
        return (f"{self.memory_bytes // GIB} GiB memory per process, {self.processes} processes/threads, "
                f"{self.cpu_seconds} s CPU")


# What of the system every kernel sees, read-only (merged /usr: /bin, /lib... are symlinks, made as such), and what of
# /etc (the dynamic loader's cache, time zone, TLS certificates, fonts, MIME types); besides: the Python environment
# and course_utils.
SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32")
ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "nsswitch.conf", "localtime", "timezone", "mime.types", "ssl",
       "ca-certificates", "fonts", "matplotlibrc")


@dataclass
class Layout:
    """All a kernel sees of the file system (an allow-list: nothing else exists for it). Both launchers build it:
    bubblewrap from :func:`bwrap_argv`, the fork template with ``isolation.build_root`` (from :meth:`as_dict`)."""

    cwd: Path          # the notebook's folder: an empty private folder takes its place
    private_dir: Path  # this kernel's connection file and sockets: writable
    readonly: list     # the system's files (SYSTEM, ETC), the Python environment, course_utils
    hidden: list       # inside those: an empty read-only folder over each (the instructor's part of course_utils...)
    files: dict        # files made for the kernel (its /etc/passwd...): path -> text
    tmp_bytes: int     # the size of /tmp and of the working folder

    def as_dict(self):
        return {"cwd": str(self.cwd), "private_dir": str(self.private_dir), "tmp_bytes": self.tmp_bytes,
                "readonly": [str(path) for path in self.readonly], "hidden": [str(path) for path in self.hidden],
                "files": {str(path): text for path, text in self.files.items()}}


def _within(path, parent):
    return path == parent or parent in path.parents


def _outermost(paths):
    """``paths`` without those that lie inside another one of them."""
    paths = sorted(set(paths), key=lambda p: len(p.parts))
    kept = []
    for path in paths:
        if not any(_within(path, other) for other in kept):
            kept.append(path)
    return kept


def made_files(uid):
    """The files of /etc the kernel gets made for it: a user database with its uid alone, its host name."""
    return {Path("/etc/passwd"): f"root:x:0:0::/:/bin/false\nstudent:x:{uid}:{uid}::/tmp:/bin/false\n",
            Path("/etc/group"): f"root:x:0:\nstudent:x:{uid}:\n",
            Path("/etc/hosts"): "127.0.0.1 localhost grading\n", Path("/etc/hostname"): "grading\n"}


def bwrap_argv(bwrap, layout, limits, fds, support, kernel_cmd, uid=None, python=sys.executable):
    """The bubblewrap command line that runs ``kernel_cmd`` in ``layout`` under ``limits``.

    The sandbox's root is an empty tmpfs: only what ``layout`` lists is mounted in it. ``fds`` maps folders of
    ``layout.readonly`` and ``layout.private_dir`` to open file descriptors (:func:`bwrap_mounts`; bubblewrap mounts
    them from the descriptor: the sandbox user need not be able to reach them; a file is bound by its path);
    ``support``: the folder of :func:`bwrap_support`. Mounts are made parents first. ``uid``: (root grader) the uid
    sandbox_exec.py switches to, the only thing bubblewrap keeps two capabilities for; None: bubblewrap runs
    unprivileged in a user namespace.
    """
    if uid is None:
        user = ["--unshare-user", "--disable-userns"]
    else:
        user = ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    argv = [str(bwrap), *user, "--unshare-pid", "--unshare-net", "--unshare-ipc",
            "--unshare-uts", "--unshare-cgroup-try", "--hostname", "grading", "--die-with-parent"]
    mounts = [(Path("/dev"), ["--dev", "/dev"]), (Path("/proc"), ["--proc", "/proc"]),
              (Path("/tmp"), ["--size", str(limits.tmp_bytes), "--perms", "1777", "--tmpfs", "/tmp"]),
              (Path("/dev/shm"), ["--size", str(64 * MIB), "--perms", "1777", "--tmpfs", "/dev/shm"])]
    for path in layout.readonly:
        if path.is_symlink():
            mounts.append((path, ["--symlink", os.readlink(path), str(path)]))
        elif path in fds:
            mounts.append((path, ["--ro-bind-fd", str(fds[path]), str(path)]))
        else:
            mounts.append((path, ["--ro-bind", str(path), str(path)]))
    mounts += [(path, ["--ro-bind", str(support / path.name), str(path)]) for path in layout.files]
    mounts.append((support, ["--ro-bind", str(support), str(support)]))
    mounts += [(path, ["--perms", "0555", "--tmpfs", str(path)]) for path in layout.hidden]
    mounts += [(layout.private_dir, ["--bind-fd", str(fds[layout.private_dir]), str(layout.private_dir)]),
               (layout.cwd, ["--size", str(limits.tmp_bytes), "--perms", "1777", "--tmpfs", str(layout.cwd)])]
    # The folders above the mounts: searchable by the kernel's user (bubblewrap would make them 0700, root's).
    points = {path for path, _ in mounts}
    above = {parent for path in points for parent in path.parents if parent not in points and parent != Path("/")}
    mounts += [(path, ["--perms", "0755", "--dir", str(path)]) for path in sorted(above)]
    for _, args in sorted(mounts, key=lambda mount: len(mount[0].parts)):  # stable: parents first
        argv += args
    for path in layout.hidden:
        argv += ["--remount-ro", str(path)]
    as_user = [] if uid is None else [f"uid={uid}"]
    argv += ["--chdir", str(layout.cwd), "--", str(python), "-I", "-S", str(support / SANDBOX_EXEC.name),
             *limits.exec_args(),
             *as_user, "--", *kernel_cmd]
    return argv


def harmless_env(env):
    """The part of ``env`` a kernel may see (ENV_NAMES, ENV_PREFIXES)."""
    return {name: value for name, value in env.items() if name in ENV_NAMES or name.startswith(ENV_PREFIXES)}


def kernel_env(env, private_dir):
    """The environment a sandboxed kernel gets: the harmless part of ``env``, private home, temp and caches, and
    matplotlib's inline backend, whatever the grader's MPLBACKEND (figures show in the graded notebook and its
    feedback page, as in the student's JupyterLab)."""
    kept = harmless_env(env)
    # JPY_PARENT_PID=1: the kernel's parent is bubblewrap's init (PID 1 in the sandbox); ipykernel then neither
    # watches for a parent change nor prints its connection banner.
    kept.update(HOME="/tmp", TMPDIR="/tmp", MPLCONFIGDIR=str(private_dir / "matplotlib"), JPY_PARENT_PID="1",
                MPLBACKEND=INLINE_BACKEND)
    return kept


def _host_matplotlib_cache():
    if os.environ.get("MPLCONFIGDIR"):
        return Path(os.environ["MPLCONFIGDIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "matplotlib"


def private_matplotlib(private_dir, uid):
    """Give the kernel its matplotlib folder in ``private_dir``, with the host's font list (no font scan at each
    start); the folder and what is in it belong to ``uid`` (None: the grader's user)."""
    mpl = private_dir / "matplotlib"
    mpl.mkdir(exist_ok=True)
    for cached in _host_matplotlib_cache().glob("fontlist-*.json"):
        shutil.copy2(cached, mpl)
    if uid is not None:
        for path in [private_dir, *private_dir.iterdir(), *mpl.iterdir()]:
            os.chown(path, uid, uid, follow_symlinks=False)


def sandbox_uid():
    """The uid a new kernel runs as: (root grader) a random one of its own, else None (the grader's own uid in a
    user namespace)."""
    if os.geteuid() != 0:
        return None
    return UID_BASE + secrets.randbelow(UID_SPAN)


def is_sandbox_uid(uid):
    return UID_BASE <= uid < UID_BASE + UID_SPAN


def default_hidden():
    """Folders hidden from every sandbox whatever the configuration: the home folder and Jupyter's runtime folder
    (other kernels' and servers' connection files)."""
    from jupyter_core.paths import jupyter_runtime_dir
    return [Path.home(), Path(jupyter_runtime_dir())]


def python_readonly():
    """Folders the kernel needs to read (the Python environment and course_utils), whatever is hidden above them."""
    import course_utils
    paths = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix), Path(course_utils.__file__).parent}
    return sorted(path.resolve() for path in paths)


def instructor_folders():
    """The instructor-only subpackages of the course_utils the kernel would import."""
    import course_utils
    package = Path(course_utils.__file__).resolve().parent
    return [package / name for name in INSTRUCTOR_PACKAGES if (package / name).is_dir()]


class _Mounts:
    """Open descriptors of the folders the sandbox mounts from."""

    def __init__(self, paths):
        self.fds = {}
        try:
            for path in paths:
                self.fds[path] = os.open(path, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
        except OSError:
            self.close()
            raise

    def close(self):
        for fd in self.fds.values():
            os.close(fd)
        self.fds = {}


def prepare_layout(cwd, private_dir, hidden, uid, tmp_bytes=Limits.tmp_bytes):
    """The Layout of a kernel in ``cwd`` running as ``uid`` (None: the grader's): the system's files, the Python
    environment and course_utils read-only, and inside them nothing of the instructor's (course_utils' instructor
    packages, any of the ``hidden`` folders or the default hidden ones that lies there)."""
    readonly = [Path(path) for path in (*SYSTEM, *(f"/etc/{name}" for name in ETC)) if os.path.lexists(path)]
    readonly = _outermost([*readonly, *(path for path in python_readonly() if path.exists())])
    covered = [Path(path).resolve() for path in [*hidden, *default_hidden()] if path]
    inside = [path for path in [*instructor_folders(), *covered]
              if any(_within(path, top) and path != top for top in readonly)]
    return Layout(cwd=Path(cwd).resolve(), private_dir=Path(private_dir).resolve(), readonly=readonly,
                  hidden=_outermost(inside), files=made_files(os.getuid() if uid is None else uid),
                  tmp_bytes=tmp_bytes)


def bwrap_support(layout):
    """A new folder that bubblewrap mounts read-only into the sandbox, writable by the grader alone: sandbox_exec.py
    (where the kernel can run it: grading/ is hidden) and the made files. (Not the kernel's private folder: its
    user owns that one, and a file the grader writes there could be its link to anywhere.)"""
    folder = Path(tempfile.mkdtemp(prefix="course-sandbox-"))
    folder.chmod(0o755)
    shutil.copy2(SANDBOX_EXEC, folder / SANDBOX_EXEC.name)
    for path, text in layout.files.items():
        (folder / path.name).write_text(text)
    return folder


def bwrap_mounts(layout):
    """Open descriptors of the folders bubblewrap binds (bwrap_argv's ``fds``)."""
    return _Mounts([*(path for path in layout.readonly if path.is_dir() and not path.is_symlink()),
                    layout.private_dir])


def _ignore_sigint():
    """Run in the child before bubblewrap starts: an interrupt (SIGINT to the kernel's process group) must not end
    bubblewrap itself; sandbox_exec.py gives the kernel the default handler back."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def find_bwrap(settings=None):
    return shutil.which((settings or GradingKernels()).bwrap)


@functools.lru_cache(maxsize=None)
def probe(bwrap):
    """Start a trivial program in the sandbox as a kernel would be started; return (works, reason)."""
    if not bwrap:
        return False, "bwrap (bubblewrap) is not installed"
    uid = sandbox_uid()
    with tempfile.TemporaryDirectory(prefix="course-sandbox-probe-") as scratch:
        cwd, private = Path(scratch) / "work", Path(scratch) / "private"
        cwd.mkdir()
        private.mkdir(mode=0o700)
        if uid is not None:
            os.chown(cwd, uid, uid)
            os.chown(private, uid, uid)
        layout = prepare_layout(cwd, private, [], uid)
        mounts, support = bwrap_mounts(layout), bwrap_support(layout)
        code = f"import os; open({str(private / 'ok')!r}, 'w').write(str(os.getuid()))"
        try:
            argv = bwrap_argv(bwrap, layout, Limits(), mounts.fds, support,
                              [sys.executable, "-I", "-S", "-c", code], uid)
            result = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=60,
                                    pass_fds=list(mounts.fds.values()), stdin=subprocess.DEVNULL,
                                    env=kernel_env(os.environ, private), preexec_fn=_ignore_sigint)
        except (OSError, subprocess.SubprocessError) as error:
            return False, f"bwrap could not start: {error}"
        finally:
            mounts.close()
            shutil.rmtree(support)
        expected = str(os.geteuid() if uid is None else uid)
        if result.returncode != 0 or not (private / "ok").is_file() or (private / "ok").read_text() != expected:
            return False, f"bwrap failed here (exit {result.returncode}): {result.stderr.strip()[-300:]}"
    version = subprocess.run([bwrap, "--version"], capture_output=True, text=True).stdout.strip()
    return True, version or "bubblewrap"


def available(settings=None):
    """(whether kernels are sandboxed, why not) under ``settings`` (GradingKernels; default: this environment's)."""
    settings = settings or GradingKernels()
    if not settings.sandbox:
        return False, f"turned off ({SANDBOX_ENV}=0)"
    return probe(find_bwrap(settings))


def status(settings=None):
    """(active, the one line that says which kernel grading uses)."""
    works, detail = available(settings)
    if works:
        user = "each kernel as a uid of its own" if os.geteuid() == 0 else "as the grader's user"
        return True, (f"Grading sandbox: ON ({detail}, {user}): no network, nothing but the Python environment and "
                      f"its own empty folder in sight, writes only there and in a private /tmp; limits "
                      f"{Limits().summary()}")
    if detail.startswith("turned off"):
        return False, (f"Grading sandbox: OFF ({detail}): student code runs in a normal kernel with the grader's "
                       "rights (trusted submissions only)")
    return False, f"Grading sandbox: UNAVAILABLE ({detail}): {REFUSAL}"


def is_trusted(student):
    """Whether ``student``'s notebook may run unsandboxed where no sandbox can: a bundled sample student's (its
    notebook is made by the main job from the course's own; ids starting with ``sample_`` are reserved for them)."""
    from ..samples import SAMPLE_STUDENTS
    return student in {sample.student_id for sample in SAMPLE_STUDENTS}


def refusal(settings, students):
    """Why kernels for ``students`` cannot start where no sandbox can run (None: they may, unsandboxed)."""
    works, detail = available(settings)
    if works:
        return None
    if settings.require_sandbox:
        return f"grading sandbox required but unavailable ({detail}; required: CI=true or {REQUIRE_ENV}=1)"
    if not settings.sandbox:  # the instructor's choice: trusted submissions
        return None
    untrusted = sorted(student for student in students if not is_trusted(student))
    if untrusted:
        shown = ", ".join(untrusted[:5]) + (f" and {len(untrusted) - 5} more" if len(untrusted) > 5 else "")
        return (f"grading sandbox unavailable ({detail}), and student code must not run with the grader's rights: "
                f"refusing to grade {shown}. To grade them, {INSTALL_HINT}, or, for trusted submissions only, turn "
                f"the sandbox off ({SANDBOX_ENV}=0)")
    return None


def check(settings=None, students=()):
    """Return the status line; raise SandboxUnavailable when no sandbox can run here and it is required or any of
    ``students`` is not trusted (:func:`is_trusted`)."""
    settings = settings or GradingKernels()
    _, line = status(settings)
    why = refusal(settings, students)
    if why:
        raise SandboxUnavailable(why)
    return line


def gradebook_folder(db_url):
    """The folder of an SQLite gradebook (None for a database server: the sandbox has no network to reach it)."""
    from sqlalchemy.engine import make_url
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(url.database).resolve().parent
    return None


def register_provisioner():
    """Make sure jupyter_client finds the provisioner in this process. It is an entry point of the installed
    package; this also covers a stale ``*.egg-info`` in the current folder (left by a wheel build), which hides
    the installed package's entry points from ``importlib.metadata``."""
    from importlib.metadata import EntryPoint
    from jupyter_client.provisioning.factory import KernelProvisionerFactory
    KernelProvisionerFactory.provisioners.setdefault(PROVISIONER_NAME, EntryPoint(
        PROVISIONER_NAME, f"{__name__}:SandboxProvisioner", KernelProvisionerFactory.GROUP_NAME))


def configure(c, hidden):
    """Make nbgrader grade with the sandboxed kernel; ``hidden``: folders the sandbox must not see."""
    paths = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    if str(JUPYTER_DATA) not in paths:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([str(JUPYTER_DATA), *paths])
    c.GuardedExecute.kernel_name = KERNEL_NAME
    register_provisioner()
    c.SandboxProvisioner.hidden_paths = sorted({str(Path(path).resolve()) for path in hidden if path})


def private_sockets(kernel_manager):
    """Make ``kernel_manager``'s kernel talk over unix sockets in a new folder private to it (no TCP port another
    kernel could reach or collide with); return the folder."""
    folder = Path(tempfile.mkdtemp(prefix="course-kernel-"))
    kernel_manager.transport = "ipc"
    kernel_manager.ip = str(folder / "kernel")
    kernel_manager.cache_ports = False
    kernel_manager.connection_file = str(folder / "kernel.json")
    return folder


class SandboxProvisioner(LocalProvisioner):
    """Starts the kernel inside bubblewrap (see the module docstring); a normal kernel where it cannot."""

    hidden_paths = List(Unicode(), config=True, help="Folders the sandbox must not see (the course root, "
                                                      "the exchange, the gradebook's folder).")
    memory_bytes = Integer(Limits.memory_bytes, config=True, help="RLIMIT_DATA of each kernel process.")
    processes = Integer(Limits.processes, config=True, help="RLIMIT_NPROC (processes and threads).")
    cpu_seconds = Integer(Limits.cpu_seconds, config=True, help="RLIMIT_CPU of each kernel process.")
    file_bytes = Integer(Limits.file_bytes, config=True, help="RLIMIT_FSIZE.")
    tmp_bytes = Integer(Limits.tmp_bytes, config=True, help="Size of the sandbox's private /tmp.")

    _private_dir = None
    _mounts = None
    _support = None
    _uid = None
    _warned = False  # class-level: the fallback warning is logged once per process

    @property
    def limits(self):
        return Limits(memory_bytes=self.memory_bytes, processes=self.processes, cpu_seconds=self.cpu_seconds,
                      file_bytes=self.file_bytes, tmp_bytes=self.tmp_bytes)

    async def pre_launch(self, **kwargs):
        settings = GradingKernels(parent=self)  # the grader's configuration, as its kernel manager has it
        works, detail = available(settings)
        if not works:
            # nbgrader runs each kernel in the notebook's folder, autograded/<student>/<assignment>.
            student = Path(kwargs.get("cwd") or os.getcwd()).resolve().parent.name
            why = refusal(settings, [student])
            if why:
                raise SandboxUnavailable(why)
            if not SandboxProvisioner._warned:
                SandboxProvisioner._warned = True
                if settings.sandbox:
                    self.log.warning("Grading sandbox unavailable (%s): %s", detail, REFUSAL)
                else:
                    self.log.warning("Grading sandbox %s: kernels run unsandboxed (trusted submissions only)", detail)
            return await super().pre_launch(**kwargs)

        self._new_private_dir()
        uid = self._uid
        kwargs = await super().pre_launch(**kwargs)
        self._give_connection_file()
        cwd = Path(kwargs.get("cwd") or os.getcwd()).resolve()
        layout = prepare_layout(cwd, self._private_dir, self.hidden_paths, uid, self.tmp_bytes)
        self._remove_support()
        self._support = bwrap_support(layout)
        self._mounts = bwrap_mounts(layout)
        kwargs["cmd"] = bwrap_argv(find_bwrap(settings), layout, self.limits, self._mounts.fds, self._support,
                                   kwargs["cmd"], uid)
        kwargs["env"] = kernel_env(kwargs.get("env") or os.environ, self._private_dir)
        kwargs["pass_fds"] = list(self._mounts.fds.values())
        kwargs["preexec_fn"] = _ignore_sigint
        kwargs["independent"] = True  # else jupyter_client adds JPY_PARENT_PID: the kernel cannot see that process
        return kwargs

    def _new_private_dir(self):
        """The kernel's private folder and uid, made at its first start (a restart keeps the folder, the sockets'
        names, the key and the uid; and writes nothing there: by then the kernel's user owns it)."""
        if self._private_dir is None:
            self._private_dir = private_sockets(self.parent)
            self._uid = sandbox_uid()
            private_matplotlib(self._private_dir, self._uid)

    def _give_connection_file(self):
        """The connection file (written anew at each start, by the grader) to the kernel's user."""
        if self._uid is not None:
            os.chown(self.parent.connection_file, self._uid, self._uid, follow_symlinks=False)

    def _remove_support(self):
        if self._support is not None:
            shutil.rmtree(self._support, ignore_errors=True)
            self._support = None

    async def launch_kernel(self, cmd, **kwargs):
        try:
            return await super().launch_kernel(cmd, **kwargs)
        finally:
            if self._mounts is not None:
                self._mounts.close()

    async def cleanup(self, restart=False):
        await super().cleanup(restart=restart)
        if self._mounts is not None:
            self._mounts.close()
        self._remove_support()
        if restart:
            return
        if self._private_dir is not None:
            shutil.rmtree(self._private_dir, ignore_errors=True)
            self._private_dir = None

