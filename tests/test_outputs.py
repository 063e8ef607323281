"""MergeStreams: a cell's printed text ends up in the same outputs whatever chunks the kernel sent it in."""
from nbformat.v4 import new_code_cell, new_notebook, new_output

from course_utils.grading.outputs import MergeStreams


def merged(*outputs):
    cell = new_code_cell("print('x')")
    cell.outputs = list(outputs)
    nb, _ = MergeStreams().preprocess(new_notebook(cells=[cell]), {})
    return nb.cells[0].outputs


def test_chunks_of_one_stream_become_one_output():
    one = merged(new_output("stream", name="stdout", text="accuracy: 0.960"),
                 new_output("stream", name="stdout", text="\nall public tests passed.\n"))
    assert one == [new_output("stream", name="stdout", text="accuracy: 0.960\nall public tests passed.\n")]


def test_order_around_figures_and_other_streams_is_kept():
    figure = new_output("display_data", data={"text/plain": "<Figure>"})
    outputs = [new_output("stream", name="stdout", text="a\n"), new_output("stream", name="stderr", text="w\n"),
               new_output("stream", name="stdout", text="b\n"), figure, new_output("stream", name="stdout", text="c")]
    assert merged(*outputs) == outputs
