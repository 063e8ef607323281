"""course_utils.training: model.fit records the rows it trains on, and checks.check_fit_data reads the record."""
import keras
import numpy as np
import pytest

from course_utils import checks, training
from course_utils.lab import setup_lab


@pytest.fixture(scope="module")
def split():
    setup_lab(seed=0)  # installs the recorder, as every lab's first cell does
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3)).astype(np.float32)
    y = (X[:, 0] > 0).astype(int)
    return X[:40], X[40:], y[:40], y[40:]


def small_model():
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(loss="binary_crossentropy", optimizer="adam")
    return model


def test_fit_records_the_rows_whatever_their_float_type_and_batching(split):
    X_train, X_test, y_train, y_test = split
    model = small_model()
    assert training.rows_seen_by_fit(model) is None
    model.fit(X_train.astype(np.float64), y_train, epochs=1, batch_size=7, verbose=0)
    assert training.rows_seen_by_fit(model) == training.row_digests(X_train)
    assert training.rows_seen_by_fit(small_model()) is None  # per model
    training.record_fit_rows()  # a second call does not wrap fit twice
    assert not getattr(getattr(keras.Model.fit, "__wrapped__", None), "records_rows", False)


def test_check_fit_data_passes_a_model_trained_on_the_training_set(split):
    X_train, X_test, y_train, y_test = split
    model = small_model()
    model.fit(X_train, y_train, epochs=1, verbose=0, validation_data=(X_test, y_test))  # validation is not training
    checks.check_fit_data("model", model, X_train, X_test)


def test_check_fit_data_catches_training_on_held_out_rows(split):
    X_train, X_test, y_train, y_test = split
    model = small_model()
    # A batch size that keeps the number of steps per epoch: only what fit saw tells
    model.fit(np.concatenate([X_train, X_test[:5]]), np.concatenate([y_train, y_test[:5]]), epochs=1, verbose=0)
    with pytest.raises(AssertionError, match="trained the model on 5 of the 20 examples of the test points"):
        checks.check_fit_data("the trained model", model, X_train, X_test, "the test points")


def test_check_fit_data_catches_a_part_of_the_training_set(split):
    X_train, X_test, y_train, y_test = split
    model = small_model()
    model.fit(X_train[:30], y_train[:30], epochs=1, verbose=0)
    with pytest.raises(AssertionError, match="never trained the model on 10 of the 40 training examples"):
        checks.check_fit_data("the trained model", model, X_train, X_test)


def test_data_fit_cannot_read_row_by_row_is_not_judged(split):
    import tensorflow as tf

    X_train, X_test, y_train, y_test = split
    model = small_model()
    model.fit(tf.data.Dataset.from_tensor_slices((X_test, y_test)).batch(8), epochs=1, verbose=0)
    assert training.rows_seen_by_fit(model) is None
    checks.check_fit_data("model", model, X_train, X_test)


def lab_splits():
    """(training set, held-out set) of each lab whose tests call check_fit_data, made as the lab makes them."""
    from course_utils import data
    from course_utils.reference import lab4_multiclass

    X_train, X_val, _, _ = data.split(*data.two_moons(), test_fraction=0.2, seed=0)
    yield "lab1_training", X_train, X_val
    X_train, X_test, _, _ = lab4_multiclass.lab_data()
    yield "lab4_multiclass", X_train, X_test
    yield "lab5_multilabel", data.three_label_points(1000, seed=51)[0], data.three_label_points(500, seed=52)[0]
    X_train, X_test, _, _ = data.digits_split()
    yield "practice_lab_digits", X_train, X_test


@pytest.mark.parametrize("lab, training_set, held_out", list(lab_splits()), ids=lambda value: str(value)[:20])
def test_no_held_out_example_is_also_a_training_example(lab, training_set, held_out):
    """Else check_fit_data would blame an honest student for the duplicate."""
    assert not training.row_digests(training_set) & training.row_digests(held_out), lab
    assert len(training.row_digests(training_set)) == len(training_set) > 0
