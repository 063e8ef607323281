"""nbgrader's OverwriteCells, made safe for cells whose grade_id the gradebook doesn't know.

nbgrader 0.9.6 deletes the unknown grade_id but leaves the cell marked as graded, and the step that puts deleted
test cells back then fails on it, so the whole submission goes ungraded. Here such a cell loses its nbgrader
metadata (it runs as an ordinary cell, worth nothing) and the real test cells are put back as for a deleted one.
"""
from nbgrader.preprocessors import OverwriteCells


class SafeOverwriteCells(OverwriteCells):

    def preprocess_cell(self, cell, resources, cell_index):
        claimed = cell.metadata.get("nbgrader", {}).get("grade_id")
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if claimed is not None and "grade_id" not in cell.metadata.get("nbgrader", {}):
            self.log.warning("Cell %d claims the grade_id %r, which this assignment doesn't have: it is graded as an "
                             "ordinary cell, and the assignment's own cells are put back", cell_index, claimed)
            del cell.metadata["nbgrader"]
        return cell, resources
