"""Ready-made Keras models that a lab hands to students as data: their weights come from a seed."""
import numpy as np


def two_linear_layers(n_inputs, n_hidden, n_outputs, seed=0):
    """A Keras model of two Dense layers without activation, with random (normal) weights *and* biases.

    The layers map ``n_inputs`` -> ``n_hidden`` -> ``n_outputs`` values; the model needs no training.
    """
    import keras

    rng = np.random.default_rng(seed)
    model = keras.Sequential([keras.Input(shape=(n_inputs,)),
                              keras.layers.Dense(n_hidden, activation="linear"),
                              keras.layers.Dense(n_outputs, activation="linear")])
    model.set_weights([rng.normal(size=weights.shape).astype(np.float32) for weights in model.get_weights()])
    return model
