"""Outputs that do not depend on timing: regrading a notebook gives the same autograded notebook and feedback."""
from nbgrader.preprocessors import NbGraderPreprocessor


class MergeStreams(NbGraderPreprocessor):
    """Join each run of consecutive outputs of one stream (stdout or stderr) in a code cell into a single output.

    The kernel sends printed text in chunks, cut wherever its 0.2 s flush timer happens to fire (even between a
    line's text and its newline), and every chunk becomes an output of its own. Joined, the outputs hold the same
    text in the same order whatever the timing. (nbclient's ``coalesce_streams`` would do it too, but it is not
    configurable, and it moves text printed after a figure to before it.)
    """

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and cell.get("outputs"):
            merged = []
            for output in cell.outputs:
                previous = merged[-1] if merged else None
                if (output.get("output_type") == "stream" and previous is not None
                        and previous.get("output_type") == "stream" and previous.get("name") == output.get("name")):
                    previous["text"] += output.get("text", "")
                else:
                    merged.append(output)
            cell.outputs = merged
        return cell, resources
