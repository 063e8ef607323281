"""A JupyterLab server for the browser tests: on 127.0.0.1, serving a temp copy of the course, with state of its own."""
import json
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

# Settings for the tests: every cell of a notebook stays in the page (by default JupyterLab only lays out the cells
# in view, so off-screen outputs could not be inspected), and nothing reaches out for news or updates.
USER_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                         "checkForUpdates": False},
}
# Kernel settings: cells after a failing one stay cancelled when Run All runs on a busy machine, and every figure
# shown is described in a file (see the files).
KERNEL_CONFIG = Path(__file__).with_name("ipython_kernel_config.py")
FIGURE_FACTS = Path(__file__).with_name("figure_facts.py")
START_TIMEOUT = 90


def install_kernel_config(ipython_dir):
    """Make ``ipython_dir`` an IPYTHONDIR whose kernels use KERNEL_CONFIG (and FIGURE_FACTS); return it."""
    profile = Path(ipython_dir) / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    shutil.copy(KERNEL_CONFIG, profile / "ipython_kernel_config.py")
    shutil.copy(FIGURE_FACTS, profile / FIGURE_FACTS.name)
    return Path(ipython_dir)


class LabServerFailed(RuntimeError):
    """The server did not start; the message ends with its log."""


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LabServer:
    """``jupyter lab`` run from ``root`` (the course copy, as an instructor or student would), state in ``state_dir``."""

    def __init__(self, root, state_dir, env):
        self.root = Path(root)
        self.state_dir = Path(state_dir)
        self.token = secrets.token_hex(16)
        self.log_path = self.state_dir / "jupyterlab.log"
        self._env = dict(env)
        self._process = None
        self.port = None

    def start(self):
        settings_dir = self.state_dir / "user-settings"
        for name, values in USER_SETTINGS.items():
            path = settings_dir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        ipython_dir = install_kernel_config(self.state_dir / "ipython")
        runtime_dir = self.state_dir / "runtime"
        env = {**self._env, "JUPYTER_RUNTIME_DIR": str(runtime_dir), "IPYTHONDIR": str(ipython_dir),
               "JUPYTER_CONFIG_DIR": str(self.state_dir / "config"),
               "NBGRADER_EXCHANGE": str(self.state_dir / "exchange")}
        (self.state_dir / "exchange").mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
                   f"--port={_free_port()}", f"--IdentityProvider.token={self.token}",
                   f"--ServerApp.root_dir={self.root}", f"--LabApp.user_settings_dir={settings_dir}",
                   f"--LabApp.workspaces_dir={self.state_dir / 'workspaces'}"]
        with open(self.log_path, "w") as log:
            self._process = subprocess.Popen(command, cwd=self.root, env=env, stdout=log, stderr=subprocess.STDOUT,
                                             stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise LabServerFailed(f"jupyter lab exited with {self._process.returncode}:\n{self.log_tail()}")
            # The server names its real port in its runtime file (it moves on when the port it was given is taken).
            for info_file in runtime_dir.glob(f"jpserver-{self._process.pid}.json"):
                self.port = json.loads(info_file.read_text())["port"]
                if self._answers():
                    return self
            time.sleep(0.2)
        self.stop()
        raise LabServerFailed(f"jupyter lab did not answer within {START_TIMEOUT} s:\n{self.log_tail()}")

    def _answers(self):
        try:
            self.api("GET", "api/status")
            return True
        except OSError:
            return False

    def url(self, path=""):
        """The address of ``path`` on the server, with the token (the first page load logs the browser in)."""
        return f"http://127.0.0.1:{self.port}/{path}?token={self.token}"

    def api(self, method, path):
        """Call the server's REST API; return the decoded JSON answer (None when there is none)."""
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self):
        """End every session and kernel, as closing the notebooks and shutting their kernels down would."""
        for session in self.api("GET", "api/sessions"):
            self.api("DELETE", f"api/sessions/{session['id']}")
        for kernel in self.api("GET", "api/kernels"):
            self.api("DELETE", f"api/kernels/{kernel['id']}")

    def log_tail(self, lines=40):
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self):
        if self._process and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
