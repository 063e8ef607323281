"""nbgrader's OverwriteCells, made safe for cells whose grade_id the gradebook doesn't know, and quiet about test
cells that were not edited.

nbgrader 0.9.6 deletes the unknown grade_id but leaves the cell marked as graded, and the step that puts deleted
test cells back then fails on it, so the whole submission goes ungraded. Here such a cell loses its nbgrader
metadata (it runs as an ordinary cell, worth nothing) and the real test cells are put back as for a deleted one.

nbgrader also compares each locked cell with the source version's checksum, which for a test cell with hidden tests
never matches the release version a student got (nbgrader issue #1961), so every submission logged a warning per
such cell. Here a cell that is exactly its release version gets its hidden tests back before that comparison; a
warning now means the cell was really edited, and it names the notebook and the cell.
"""
import os

from nbformat import NotebookNode
from nbgrader.api import MissingEntry
from nbgrader.preprocessors import ClearHiddenTests, OverwriteCells


class SafeOverwriteCells(OverwriteCells):

    def preprocess(self, nb, resources):
        metadata = resources.get("metadata", {})
        self._notebook_path = os.path.join(metadata.get("path", ""), f"{metadata.get('name', '')}.ipynb")
        # The release step's own preprocessor (and delimiters): the one that made the student's version of a cell.
        self._clear_hidden_tests = ClearHiddenTests(parent=self, enforce_metadata=False)
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, cell_index):
        claimed = cell.metadata.get("nbgrader", {}).get("grade_id")
        if claimed is not None:
            self._restore_hidden_tests(cell, claimed)
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if claimed is not None and "grade_id" not in cell.metadata.get("nbgrader", {}):
            self.log.warning("%s: cell %d claims the grade_id %r, which this assignment doesn't have: it is graded "
                             "as an ordinary cell, and the assignment's own cells are put back", self._notebook_path,
                             cell_index, claimed)
            del cell.metadata["nbgrader"]
        return cell, resources

    def _restore_hidden_tests(self, cell, grade_id):
        """Give ``cell`` its source version's text if it holds that version's release form (hidden tests removed):
        nbgrader then finds the checksum it expects unless the cell's nbgrader metadata was edited."""
        try:
            source = self.gradebook.find_source_cell(grade_id, self.notebook_id, self.assignment_id).source
        except MissingEntry:  # an unknown grade_id: super().preprocess_cell deals with it
            return
        released = NotebookNode(source=source, metadata=NotebookNode())
        self._clear_hidden_tests.preprocess_cell(released, {}, 0)
        if released.source == cell.source:
            cell.source = source

    def report_change(self, name, attr, old, new):
        if attr == "checksum":
            self.log.warning("%s: locked cell %s was edited (its checksum should be %s, got %s): it is graded with "
                             "its original source", self._notebook_path, name, old, new)
        else:
            self.log.warning("%s: the %s of cell %s was changed (should be %s, got %s): it is set back",
                             self._notebook_path, attr, name, old, new)
