"""The figure checks of the browser tests catch blank figures and figures whose data vanished, let small
numerical differences through, and name what a figure lacks to be read (no browser needed)."""
import io
import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import pytest  # noqa: E402

from . import figure_facts, figures  # noqa: E402


def rendered(draw=None, size=(6, 4)):
    """The RGB pixels of a figure like the labs' (title, axis labels), with ``draw(ax)`` drawn on its axes."""
    fig, ax = plt.subplots(figsize=size)
    if draw:
        draw(ax)
    ax.set(title="Loss during training", xlabel="epoch", ylabel="loss")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    return figures.decode_png(buffer.getvalue())


def loss_curves(scale=1.0):
    def draw(ax):
        epochs = np.arange(1, 21)
        ax.plot(epochs, scale * np.exp(-epochs / 6), marker="o", label="training loss")
        ax.plot(epochs, scale * 1.1 * np.exp(-epochs / 7), marker="o", label="validation loss")
        ax.legend()
    return draw


def test_a_plot_is_not_blank_and_matches_its_own_baseline():
    plot = rendered(loss_curves())
    assert figures.blank_reason(plot) is None
    assert figures.baseline_difference(plot, figures.thumbnail(plot)) == 0.0


def test_a_white_image_is_blank():
    assert "differ from the background" in figures.blank_reason(np.ones((400, 600, 3)))


def test_a_one_coloured_image_is_blank_whatever_its_colour():
    assert figures.blank_reason(np.full((400, 600, 3), 0.3)) is not None


def test_an_empty_figure_is_blank():
    fig = plt.figure(figsize=(6, 4))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    assert figures.blank_reason(figures.decode_png(buffer.getvalue())) is not None


def test_a_tiny_image_is_no_figure():
    assert "pixels" in figures.blank_reason(np.zeros((20, 30, 3)))


def test_axes_whose_data_vanished_differ_from_the_baseline():
    baseline = figures.thumbnail(rendered(loss_curves()))
    empty_axes = rendered()
    # Not blank by its statistics (title, labels and frame are ink), but far from the plot it should be.
    assert figures.baseline_difference(empty_axes, baseline) > figures.BASELINE_TOLERANCE


def test_a_small_numerical_difference_is_within_the_tolerance():
    baseline = figures.thumbnail(rendered(loss_curves()))
    assert figures.baseline_difference(rendered(loss_curves(scale=1.003)), baseline) <= figures.BASELINE_TOLERANCE


def test_a_resized_figure_does_not_match():
    baseline = figures.thumbnail(rendered(loss_curves()))
    assert figures.baseline_difference(rendered(loss_curves(), size=(7, 4)), baseline) == 1.0


def test_thumbnails_survive_the_round_trip_through_a_file(tmp_path):
    thumb = figures.thumbnail(rendered(loss_curves()))
    figures.write_thumbnail(tmp_path / "figure-1.png", thumb)
    assert np.abs(figures.read_thumbnail(tmp_path / "figure-1.png") - thumb).max() <= 1 / 255 + 1e-6


def test_png_bytes_reads_only_inline_png():
    assert figures.png_bytes("data:image/png;base64,iVBORw0K") == b"\x89PNG\r\n"
    try:
        figures.png_bytes("data:image/jpeg;base64,AAAA")
    except ValueError as error:
        assert "not an inline PNG" in str(error)
    else:
        raise AssertionError("a JPEG data URL was taken for a PNG")


def labelled_lines(ax):
    ax.plot([0, 1], [0, 1], label="training")
    ax.plot([0, 1], [1, 0], label="validation")


def facts_of(draw, title="Loss", xlabel="epoch", ylabel="loss"):
    """What figure_facts.py records of a one-panel figure: ``draw(fig, ax)``, then the title and labels set."""
    fig, ax = plt.subplots()
    draw(fig, ax)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    facts = figure_facts._describe(fig)
    plt.close(fig)
    return facts


def test_a_well_made_figure_lacks_nothing():
    assert figures.lacks(facts_of(lambda fig, ax: (labelled_lines(ax), ax.legend()))) == []


def test_a_picture_without_axes_needs_no_axis_labels():
    def picture(fig, ax):
        ax.imshow(np.eye(8))
        ax.axis("off")
    assert figures.lacks(facts_of(picture, xlabel="", ylabel="")) == []


@pytest.mark.parametrize("draw, labels, problem", [
    (lambda fig, ax: ax.plot([0, 1]), {"title": ""}, "no title"),
    (lambda fig, ax: ax.plot([0, 1]), {"xlabel": ""}, "the x axis has numbers but no label"),
    (lambda fig, ax: ax.plot([0, 1]), {"ylabel": ""}, "the y axis has numbers but no label"),
    (lambda fig, ax: labelled_lines(ax), {}, "no legend"),
    (lambda fig, ax: fig.colorbar(ax.imshow(np.eye(3)), ax=ax), {}, "does not say what its colours mean"),
])
def test_lacks_names_what_a_figure_lacks(draw, labels, problem):
    found = figures.lacks(facts_of(draw, **labels))
    assert any(problem in text for text in found), found


def test_the_recorder_describes_every_figure_shown_in_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(plt, "show", lambda *args, **kwargs: None)  # restored afterwards; Agg shows nothing
    figure_facts.load_ipython_extension(None)
    fig, ax = plt.subplots()
    labelled_lines(ax)
    plt.show()
    plt.close(fig)
    (line,) = (tmp_path / figure_facts.FACTS_FILE).read_text().splitlines()
    assert json.loads(line)["axes"][0]["labelled"] == 2
