"""The client the grader talks to its kernels with: jupyter_client's asynchronous one, ready sooner.

jupyter_client's ``wait_for_ready`` ends with 0.2 s of waiting for IOPub to fall silent, and waits 0.2 s more each
time the first status message of the kernel is missed (its IOPub subscription still joining): about 0.4 s of every
graded notebook's kernel start. The grader needs neither: its notebook client ignores IOPub messages that answer
no request of its own. So the kernel is ready as soon as its reply to ``kernel_info`` has come and its IOPub status
for that request has reached us (which proves IOPub connected). ``kernels.configure`` makes it the
``client_factory`` of nbgrader's kernel managers.
"""
import time
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient

IOPUB_JOIN_WAIT = 0.1  # seconds to wait for the status of one kernel_info request before asking again


class GradingKernelClient(AsyncKernelClient):

    async def wait_for_ready(self, timeout=None):
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while time.monotonic() < deadline:
            request = self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["parent_header"].get("msg_id") == request:
                if await self._status_arrives(request):
                    self._handle_kernel_info_reply(reply)
                    return
            elif not await self.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
        raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

    async def _status_arrives(self, request):
        """Whether an IOPub message answering ``request`` arrives within IOPUB_JOIN_WAIT."""
        until = time.monotonic() + IOPUB_JOIN_WAIT
        while (left := until - time.monotonic()) > 0:
            try:
                message = await self.iopub_channel.get_msg(timeout=left)
            except Empty:
                return False
            if message["parent_header"].get("msg_id") == request:
                return True
        return False
