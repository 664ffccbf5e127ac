"""Early stopping: a regression on 442 patients, stopped where the validation loss is lowest.

Each row is one patient of scikit-learn's diabetes set: 10 measurements (age, sex, body mass
index, blood pressure and six blood serum values), standardized. The target is a measure of how
the disease progressed a year later, also standardized (mean 0, standard deviation 1).

Write build_model(): it returns a compiled keras model that predicts that one number. dltutor
trains it with fresh weights for at most EPOCHS epochs of BATCH_SIZE rows on 75% of the patients,
holding a quarter of those out as validation rows (the val_loss your callback watches), and
measures the mean squared error on the other 25% of the patients: that is graded.

Set CALLBACKS: a list holding a keras.callbacks.EarlyStopping that stops training once the
validation loss stops improving and goes back to the best weights it saw. dltutor also trains
the same model for all EPOCHS without your callbacks and shows its error beside yours.
"""

import keras

EPOCHS = 50
BATCH_SIZE = 64
# TODO: [keras.callbacks.EarlyStopping(monitor=..., patience=..., restore_best_weights=...)]
CALLBACKS = []


def build_model():
    """Return a compiled keras model: input shape (10,), one linear output, a loss for values."""
    # TODO: keras.Sequential([...]) with keras.Input(shape=(10,)), two Dense(128, relu) layers, Dense(1)
    # TODO: model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss=...)
    raise NotImplementedError("build_model is not written yet")
