"""What a student does with a notebook in JupyterLab, done in the browser: open it, run all cells, look at what every
cell shows, and press nbgrader's Validate button."""
import re
import time
import uuid
from dataclasses import dataclass

# What the page shows of each cell, in notebook order (the server keeps every cell in the page: lab_server.py).
CELLS_JS = """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')]
  .map(cell => {
    const outputs = [...cell.querySelectorAll('.jp-OutputArea-output')];
    const markdown = cell.querySelector('.jp-RenderedMarkdown');
    let plainText = '';
    if (markdown) {  // the rendered text outside code and typeset math: where an unrendered $ would show
      const copy = markdown.cloneNode(true);
      copy.querySelectorAll('code, pre, mjx-container').forEach(node => node.remove());
      plainText = copy.textContent;
    }
    return {
      kind: cell.classList.contains('jp-CodeCell') ? 'code'
          : cell.classList.contains('jp-MarkdownCell') ? 'markdown' : 'raw',
      prompt: (cell.querySelector('.jp-InputPrompt') || {textContent: ''}).textContent.trim(),
      stderr: outputs.filter(o => o.dataset.mimeType === 'application/vnd.jupyter.stderr').map(o => o.innerText),
      text: outputs.filter(o => o.dataset.mimeType !== 'application/vnd.jupyter.stderr')
                   .map(o => o.innerText).join(''),
      images: [...cell.querySelectorAll('.jp-OutputArea-output img')].map(img => ({
          src: img.src, loaded: img.complete && img.naturalWidth > 0,
          width: img.naturalWidth, height: img.naturalHeight})),
      rendered: !!markdown && markdown.textContent.trim().length > 0,
      math: cell.querySelectorAll('mjx-container').length,
      mathErrors: cell.querySelectorAll('mjx-merror, .MathJax_Error').length,
      plainText,
    };
  })"""

# The state of the open notebook: how many cells the page shows, whether a kernel is connected (the execution
# indicator says "idle" even while the toolbar still says "No Kernel"), whether Run All has run the first code cell
# and how many cells still wait ("[*]").
STATE_JS = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return {cells: 0, kernel: 'none', ran: false, queued: 0};
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(prompt => prompt.textContent);
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const name = panel.querySelector('.jp-Toolbar-kernelName');
  const connected = !!name && !!name.textContent.trim() && name.textContent.trim() !== 'No Kernel';
  return {cells: panel.querySelectorAll('.jp-Notebook .jp-Cell').length,
          kernel: connected && indicator ? indicator.dataset.status : 'no kernel',
          ran: prompts.length > 0 && /\\d/.test(prompts[0]), queued: prompts.filter(p => p.includes('*')).length};
}"""
SETTLE_SECONDS = 0.5  # a state counts once it has held this long: outputs and status updates still on their way land


@dataclass(frozen=True)
class Validation:
    """What nbgrader's Validate dialog said."""

    success: bool
    failed_sources: tuple  # the source of every cell it lists as failed
    text: str


class NotebookPage:
    """A JupyterLab page (a workspace of its own) in which notebooks are opened and closed one after the other, as a
    student does: File > Open from Path, File > Close and Shut Down Notebook."""

    def __init__(self, page, server):
        self.page = page
        self.server = server

    def load(self, timeout=90):
        """(Re)load JupyterLab in a fresh workspace, with no notebook open."""
        self.page.goto(self.server.url(f"lab/workspaces/test-{uuid.uuid4().hex}"))
        self.page.get_by_role("menuitem", name="File", exact=True).wait_for(timeout=timeout * 1000)
        return self

    def open(self, path, cell_count, timeout=90):
        """File > Open from Path ``path`` (relative to the course root); wait until its ``cell_count`` cells show
        and its kernel is ready; return the seconds taken."""
        started = time.monotonic()
        self.menu("File", re.compile(r"^Open from Path"))
        dialog = self.page.locator(".jp-Dialog")
        dialog.locator("input").fill(path)
        dialog.locator("input").press("Enter")
        self.wait_until(lambda state: state["cells"] == cell_count and state["kernel"] == "idle", timeout,
                        f"{path} did not open with {cell_count} cells and an idle kernel")
        return time.monotonic() - started

    def close_notebook(self, timeout=60):
        """File > Close and Shut Down Notebook, and confirm: the notebook's tab closes and its kernel ends."""
        self.menu("File", re.compile(r"^Close and Shut Down Notebook"))
        dialog = self.page.locator(".jp-Dialog")
        dialog.locator("button.jp-Dialog-button").last.click()  # "Ok"
        self.page.wait_for_function("() => !document.querySelector('.jp-NotebookPanel')", timeout=timeout * 1000)

    def menu(self, *path):
        """Click through the menu bar: ``menu("Run", "Run All Cells")`` (a name or a compiled pattern each)."""
        for name in path:
            self.page.get_by_role("menuitem", name=name, exact=isinstance(name, str)).click()

    def wait_until(self, condition, timeout, failure):
        """Poll the notebook's state until ``condition(state)`` has held for SETTLE_SECONDS; return when it first
        held. Raise TimeoutError(``failure``, last state) after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        held_since, state = None, None
        while time.monotonic() < deadline:
            state = self.page.evaluate(STATE_JS)
            if condition(state):
                held_since = held_since or time.monotonic()
                if time.monotonic() - held_since >= SETTLE_SECONDS:
                    return held_since
            else:
                held_since = None
            time.sleep(0.1)
        raise TimeoutError(f"{failure} within {timeout} s (last state: {state})")

    def run_all(self, timeout=300):
        """Run > Run All Cells, and wait until the run ends (all cells done, or stopped at an error); return the
        seconds it took."""
        started = time.monotonic()
        self.menu("Run", "Run All Cells")
        finished = self.wait_until(lambda state: state["ran"] and state["queued"] == 0 and state["kernel"] == "idle",
                                   timeout, "Run All did not finish")
        return finished - started

    def cells(self):
        """What the page shows of every cell: kind, prompt, stderr outputs, other output text, images, markdown."""
        return self.page.evaluate(CELLS_JS)

    def wait_for_rendering(self, markdown, with_math, timeout=60):
        """Wait until the markdown cells (indices ``markdown``) are rendered and MathJax has typeset those in
        ``with_math``; return the cells as then shown (or as shown at the timeout)."""
        deadline = time.monotonic() + timeout
        while True:
            cells = self.cells()
            if (all(cells[index]["rendered"] for index in markdown) and all(cells[index]["math"] > 0
                                                                            for index in with_math)):
                return cells
            if time.monotonic() > deadline:
                return cells
            time.sleep(0.2)

    def validate(self, timeout=300):
        """Press Validate, read the dialog, close it; return the Validation and the seconds it took."""
        started = time.monotonic()
        self.page.locator("jp-button.validate-button").click()
        dialog = self.page.locator(".jp-Dialog").filter(has=self.page.locator(".validation-message, "
                                                                              ".validation-success, "
                                                                              ".validation-failed, "
                                                                              ".validation-changed"))
        dialog.wait_for(timeout=timeout * 1000)
        seconds = time.monotonic() - started
        text = dialog.inner_text()
        failed_sources = tuple(self.page.evaluate(
            """() => [...document.querySelectorAll('.jp-Dialog .validation-failed p')]
                     .filter(p => p.textContent.includes('The following cell failed'))
                     .map(p => p.parentElement.nextElementSibling.querySelector('pre').innerText)"""))
        success = dialog.locator(".validation-success").count() > 0
        dialog.locator("button.jp-Dialog-button").last.click()
        dialog.wait_for(state="detached")
        return Validation(success, failed_sources, text), seconds

    def element_screenshot(self, selector_index, path):
        """Save what the browser painted of the ``selector_index``-th output image; return the PNG bytes."""
        image = self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img").nth(
            selector_index)
        image.scroll_into_view_if_needed()
        return image.screenshot(path=str(path))
