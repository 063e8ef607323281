"""The training lab's data set (two moons) and its plots (the loss curve, losses against the prediction)."""
import keras
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from course_utils import data, plots  # noqa: E402


def test_two_moons_is_deterministic_and_balanced():
    X, y = data.two_moons()
    X_again, y_again = data.two_moons()
    assert X.shape == (1000, 2) and X.dtype == np.float32 and y.shape == (1000,) and y.dtype == np.int64
    np.testing.assert_array_equal(X, X_again)
    np.testing.assert_array_equal(y, y_again)
    assert np.bincount(y).tolist() == [500, 500]
    assert not np.array_equal(X, data.two_moons(seed=12)[0])


def test_two_moons_without_noise_lie_on_their_half_circles():
    X, y = data.two_moons(200, noise=0.0, seed=3)
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0, atol=1e-6)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5), 1.0, atol=1e-6)
    assert (upper[:, 1] >= 0).all() and (lower[:, 1] <= 0.5 + 1e-6).all()


def test_two_moons_need_a_curved_boundary():
    # The best straight line through the moons gets far from all points right: logistic regression falls short.
    X, y = data.two_moons()
    features = np.column_stack([X, np.ones(len(X))])
    w = np.zeros(3)
    for _ in range(2000):
        p = 1 / (1 + np.exp(-features @ w))
        w -= 0.5 * features.T @ (p - y) / len(y)
    assert 0.75 < np.mean(((features @ w) >= 0) == y) < 0.9


def test_loss_curve_draws_training_and_validation_loss():
    history = keras.callbacks.History()
    history.history = {"loss": [0.7, 0.4, 0.3], "val_loss": [0.72, 0.45, 0.36], "accuracy": [0.5, 0.8, 0.9]}
    ax = plots.loss_curve(history)
    assert [line.get_label() for line in ax.lines] == ["training loss", "validation loss"]
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [1, 2, 3])
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [0.72, 0.45, 0.36])
    assert ax.get_xlabel() == "epoch" and ax.get_title()
    plt.close("all")


def test_loss_curve_accepts_the_history_dict_and_other_keys():
    ax = plots.loss_curve({"loss": [1.0, 0.1]}, keys=("loss", "val_loss"), log_scale=True)
    assert len(ax.lines) == 1 and ax.get_yscale() == "log"
    ax = plots.loss_curve({"accuracy": [0.5, 0.9]}, keys=("accuracy",), ylabel="accuracy")
    assert ax.lines[0].get_label() == "training accuracy"
    with pytest.raises(ValueError, match="none of"):
        plots.loss_curve({"accuracy": [0.5]})
    plt.close("all")


def test_loss_vs_prediction_draws_one_curve_per_loss():
    p = np.linspace(0.01, 0.99, 5)
    ax = plots.loss_vs_prediction(p, {"cross-entropy": -np.log(p), "squared error": (1 - p) ** 2})
    assert [line.get_label() for line in ax.lines] == ["cross-entropy", "squared error"]
    np.testing.assert_allclose(ax.lines[1].get_ydata(), (1 - p) ** 2)
    plt.close("all")
