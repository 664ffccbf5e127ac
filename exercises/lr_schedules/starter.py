"""Learning-rate schedules and a small hyperparameter search, on the Friedman #1 regression.

Each row has 10 features drawn uniformly from [0, 1] (standardized); the target is
y = 10·sin(π·x1·x2) + 20·(x3 − 0.5)² + 10·x4 + 5·x5 + noise, also standardized. The last five
features are noise. 600 rows: 450 to train on, 150 held out.

Write build_model(learning_rate=0.05): a compiled keras model whose optimizer's learning rate is
a schedule, keras.optimizers.schedules.CosineDecay(learning_rate, decay_steps=DECAY_STEPS), that
falls from learning_rate to 0 over the whole run.

Set GRID: the settings to try, a dict of lists; dltutor runs build_model(**settings) for each
combination (at most 4), trains each for 10 epochs on the training rows less its validation rows
(a fifth of them), keeps the one with the lowest validation loss, trains it again from fresh
weights for EPOCHS epochs and measures the mean squared error on the 150 held-out rows: that is
graded.
"""

import keras

EPOCHS = 40
BATCH_SIZE = 32
DECAY_STEPS = 40 * 12  # the whole run: 40 epochs of 12 batches (360 rows, 32 a batch)
# TODO: GRID = {"learning_rate": [..., ...]}, two or more starting rates


def build_model(learning_rate=0.05):
    """Return a compiled keras model: input (10,), Dense layers, one linear output, loss "mse", and
    Adam whose learning rate is a CosineDecay schedule starting at ``learning_rate``."""
    # TODO: schedule = keras.optimizers.schedules.CosineDecay(learning_rate, decay_steps=DECAY_STEPS)
    # TODO: keras.Sequential([...]) with keras.Input(shape=(10,)), Dense(64, relu) twice, Dense(1)
    # TODO: model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule), loss="mse")
    raise NotImplementedError("build_model is not written yet")
