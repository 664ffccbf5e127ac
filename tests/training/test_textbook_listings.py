"""The course texts' own Keras listings (/work/shared/seeds), typed into the exercises as a learner
would: each passes, or its message says what to change; never ``ungradable``, never a raw exception.

Most tests check the model and its structure as the trainer measures them, without training
(``tests.support.training.verdicts``); one slow test trains one listing per exercise through the grader.
"""

from __future__ import annotations

import textwrap

import pytest

from tests.support.training import TRAINS, failures, load_module, verdicts

pytestmark = pytest.mark.tensorflow

HEADER = """import keras
import numpy as np
import tensorflow as tf
from keras import layers, models
from keras.layers import Conv2D, Dense, Dropout, Embedding, Flatten, LSTM, MaxPooling2D, SimpleRNN
from keras.models import Sequential

EPOCHS = {epochs}
BATCH_SIZE = {batch}
{names}

def build_model():
{body}
    return model
"""


def learner_file(tmp_path, name: str, listing: str, epochs: int, batch: int, names: str = "") -> str:
    """The listing as the learner's file: the textbook's imports, its fit settings, its code in build_model()."""
    source = HEADER.format(epochs=epochs, batch=batch, names=names, body=textwrap.indent(textwrap.dedent(listing), "    "))
    path = tmp_path / f"{name}.py"
    path.write_text(source)
    return path


# (exercise, the text it comes from, its code, EPOCHS and BATCH_SIZE as the text fits it, the names
# the learner defines for it, and what the checks say: None when it passes, else the change named)
LISTINGS = [
    ("iris_dense", "000 iris", """
        model = Sequential()
        model.add(Dense(8, activation='relu', input_shape=(4,)))
        model.add(Dense(3, activation='softmax'))
        model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
        """, 50, 10, "", None),
    ("breast_cancer", "000 breast cancer", """
        model = models.Sequential()
        model.add(layers.Dense(30, activation='relu', input_shape=(X_train.shape[1],)))
        model.add(layers.Dense(16, activation='relu'))
        model.add(layers.Dense(1, activation='sigmoid'))
        model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
        """, 10, 32, "X_train = np.zeros((426, 30))", None),
    ("regularized_mlp", "002 dropout, as printed", """
        model = keras.Sequential([
            layers.Dense(64, input_dim=20, activation='relu'),
            layers.Dropout(0.5),
            layers.Dense(32, activation='relu'),
            layers.Dropout(0.5),
            layers.Dense(1, activation='sigmoid')
        ])
        model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
        """, 10, 32, "", "your model takes inputs of shape (20,) but the data has shape (300,)"),
    ("regularized_mlp", "002 dropout, input and classes adapted", """
        model = keras.Sequential([
            layers.Dense(64, input_dim=300, activation='relu'),
            layers.Dropout(0.5),
            layers.Dense(32, activation='relu'),
            layers.Dropout(0.5),
            layers.Dense(3, activation='softmax')
        ])
        model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
        """, 10, 32, "", "pass kernel_regularizer=keras.regularizers.L2(1e-3) to the hidden Dense layers"),
    ("digits_cnn", "002 digits CNN", """
        model = keras.Sequential([
            layers.Conv2D(32, kernel_size=(3, 3), activation='relu', input_shape=(8, 8, 1)),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Flatten(),
            layers.Dense(128, activation='relu'),
            layers.Dense(10, activation='softmax')
        ])
        model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
        """, 10, 32, "", None),
    ("digits_lstm", "000 SimpleRNN, shaped for the strip", """
        model = tf.keras.models.Sequential()
        model.add(SimpleRNN(32, input_shape=(X.shape[1], X.shape[2])))
        model.add(Dense(10, activation='softmax'))
        model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
        """, 30, 32, "X = np.zeros((1, 16, 8))", None),
    ("digits_lstm", "000 SimpleRNN, its one-hot loss kept", """
        model = tf.keras.models.Sequential()
        model.add(SimpleRNN(32, input_shape=(X.shape[1], X.shape[2])))
        model.add(Dense(10, activation='softmax'))
        model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])
        """, 30, 32, "X = np.zeros((1, 16, 8))", "use sparse_categorical_crossentropy"),
    ("waves_gru", "001 cells, as printed", """
        gru_cell = tf.keras.layers.GRUCell(64)
        model = tf.keras.Sequential([
            tf.keras.layers.RNN(gru_cell, input_shape=(None, 1)),
            tf.keras.layers.Dense(1)
        ])
        model.compile(optimizer='adam', loss='mse')
        """, 15, 32, "", "your last layer has 1 units but there are 3 classes"),
    ("waves_gru", "001 cells, classes adapted", """
        gru_cell = tf.keras.layers.GRUCell(32)
        model = tf.keras.Sequential([
            tf.keras.layers.RNN(gru_cell, input_shape=(None, 1)),
            tf.keras.layers.Dense(3, activation='softmax')
        ])
        model.compile(optimizer=keras.optimizers.Adam(0.01), loss='sparse_categorical_crossentropy')
        """, 15, 32, "", None),
    ("forecast_lstm", "001 deep SimpleRNN", """
        model = tf.keras.Sequential([
            tf.keras.layers.SimpleRNN(64, return_sequences=True, input_shape=(None, 1)),
            tf.keras.layers.SimpleRNN(32, return_sequences=True),
            tf.keras.layers.SimpleRNN(16),
            tf.keras.layers.Dense(1)
        ])
        model.compile(optimizer='adam', loss='mse')
        """, 20, 32, "", "your model has no LSTM layer (you used SimpleRNN): stack two"),
    ("forecast_lstm", "001 stacked LSTMs", """
        model = tf.keras.models.Sequential([
            tf.keras.layers.LSTM(64, return_sequences=True, input_shape=[None, 1]),
            tf.keras.layers.LSTM(64),
            tf.keras.layers.Dense(1)
        ])
        model.compile(loss="mse", optimizer="adam")
        """, 20, 32, "", None),
    ("autoencoder", "002 autoencoder", """
        input_dim = 64
        encoding_dim = 10
        model = keras.Sequential([
            layers.Dense(encoding_dim, input_dim=input_dim, activation='relu'),
            layers.Dense(input_dim, activation='sigmoid')
        ])
        model.compile(optimizer='adam', loss='binary_crossentropy')
        """, 10, 32, "", None),
    ("imdb_lstm", "004 SimpleRNN", """
        model = Sequential()
        model.add(Embedding(input_dim=max_words, output_dim=32, input_length=max_len))
        model.add(SimpleRNN(units=32))
        model.add(Dense(units=1, activation='sigmoid'))
        model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
        """, 5, 32, "max_words, max_len = 10000, 200", "your model reads the review with a SimpleRNN"),
    ("imdb_lstm", "000 LSTM, two softmax units", """
        model = tf.keras.Sequential()
        model.add(layers.Embedding(input_dim=max_words, output_dim=32, input_length=max_sequence_length))
        model.add(layers.LSTM(units=128))
        model.add(layers.Dense(units=64, activation='relu'))
        model.add(layers.Dense(units=2, activation='softmax'))
        model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
        """, 5, 64, "max_words, max_sequence_length = 10000, 200", None),
    ("imdb_lstm", "002 LSTM", """
        model = keras.Sequential([
            layers.Embedding(input_dim=10000, output_dim=64, input_length=max_sequence_length),
            layers.LSTM(32),
            layers.Dense(1, activation='sigmoid')
        ])
        model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
        """, 5, 32, "max_sequence_length = 100", None),
    ("mnist_dense", "003 neurons", """
        model = tf.keras.Sequential()
        input_layer = layers.Flatten(input_shape=(28,28))
        layer1 = layers.Dense(128, activation='relu')
        model.add(input_layer)
        model.add(layer1)
        model.add(layers.Dense(10, activation='softmax'))
        optimizer = tf.keras.optimizers.Adam(0.001)
        model.compile(loss='sparse_categorical_crossentropy', optimizer=optimizer, metrics=['accuracy'])
        """, 5, 32, "", None),
    ("cifar_cnn", "000 CNN", """
        model = Sequential()
        model.add(Conv2D(32, (3, 3), activation='relu', input_shape=(32, 32, 3)))
        model.add(MaxPooling2D((2, 2)))
        model.add(Conv2D(64, (3, 3), activation='relu'))
        model.add(MaxPooling2D((2, 2)))
        model.add(Conv2D(64, (3, 3), activation='relu'))
        model.add(Flatten())
        model.add(Dense(64, activation='relu'))
        model.add(Dense(10, activation='softmax'))
        model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
        """, 10, 64, "", None),
]


@pytest.mark.parametrize("exercise_id, source, listing, epochs, batch, names, change", LISTINGS,
                         ids=[f"{row[0]}: {row[1]}" for row in LISTINGS])
def test_a_listing_passes_or_its_message_names_the_change(keras, real_course, tmp_path, exercise_id, source,
                                                           listing, epochs, batch, names, change):
    module = load_module(learner_file(tmp_path, exercise_id, listing, epochs, batch, names), f"listing_{exercise_id}")
    results = verdicts(keras, real_course.get(exercise_id), module.build_model(), module.EPOCHS, module.BATCH_SIZE)
    if change is None:
        assert not failures(results), results
        assert TRAINS in results.values()
    else:
        assert failures(results) and change in failures(results)[0], results


TRAINED = {  # one listing per exercise, trained: it reaches the target, or the message says what to change
    "iris_dense": "000 iris", "breast_cancer": "000 breast cancer", "digits_cnn": "002 digits CNN",
    "digits_lstm": "000 SimpleRNN, shaped for the strip", "waves_gru": "001 cells, classes adapted",
    "forecast_lstm": "001 stacked LSTMs", "autoencoder": "002 autoencoder",
}
CHANGES = ("train longer, with more EPOCHS",)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_one_listing_per_exercise_trains_to_the_target_or_is_told_what_to_change(real_course, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from tutor.grading.warm import WarmSupply
    from tutor.validation import grade_candidate

    rows = {(row[0], row[1]): row for row in LISTINGS}
    warm = WarmSupply()

    def grade(item):
        exercise_id, source = item
        _, _, listing, epochs, batch, names, _ = rows[(exercise_id, source)]
        path = learner_file(tmp_path, exercise_id, listing, epochs, batch, names)
        return exercise_id, grade_candidate(real_course, real_course.get(exercise_id), path, seed=1, warm=warm)

    try:
        with ThreadPoolExecutor(2) as pool:
            reports = dict(pool.map(grade, TRAINED.items()))
    finally:
        warm.close()
    for exercise_id, report in reports.items():
        assert report.status in ("passed", "failed"), (exercise_id, report.status, report.message)
        if report.status == "failed":
            training = report.checks[-1]
            assert all(c.status == "passed" for c in report.checks[:-1]), (exercise_id, report.checks)
            assert any(change in training.message for change in CHANGES), (exercise_id, training.message)


# The BPTT listing of 001 (deep RNN slides), typed into the bptt exercise's contract: its `dy = 0`
# for the steps before the last makes np.dot(V.T, dy) a matrix, and numpy's broadcasting error
# is answered with what to change, in the learner's own line.
BPTT_LISTING = '''
import numpy as np


def bptt(x, y, h, params):
    T = len(x)
    h_states = np.zeros((T+1, h.shape[0]))
    h_states[0] = h
    for t in range(T):
        h_states[t+1] = np.tanh(np.dot(params['W'], h_states[t]) + np.dot(params['U'], x[t]) + params['b'])
    y_pred = np.dot(params['V'], h_states[-1]) + params['c']
    loss = np.sum((y_pred - y)**2) / 2
    dh_next = np.zeros_like(h)
    gradients = {k: np.zeros_like(v) for k, v in params.items()}
    for t in reversed(range(T)):
        dy = y_pred - y if t == T-1 else 0
        dh = np.dot(params['V'].T, dy) + dh_next
        dtanh = (1 - h_states[t+1]**2) * dh
        gradients['b'] += dtanh
        gradients['W'] += np.outer(dtanh, h_states[t])
        gradients['U'] += np.outer(dtanh, x[t])
        dh_next = np.dot(params['W'].T, dtanh)
    gradients['V'] = np.outer(y_pred - y, h_states[-1])
    gradients['c'] = y_pred - y
    return loss, gradients, h_states[-1]


def sgd_step(params, grads, lr):
    return {k: params[k] - lr * grads[k] for k in params}
'''


def test_the_bptt_listing_with_dy_0_is_told_what_to_change_in_its_own_line(real_course, tmp_path):
    from tutor.validation import grade_candidate

    path = tmp_path / "bptt.py"
    path.write_text(BPTT_LISTING)
    report = grade_candidate(real_course, real_course.get("bptt"), path, seed=1234)
    crashed = [check for check in report.checks if check.status == "error"]
    assert report.status == "error" and crashed, report
    for check in crashed:
        assert "could not be broadcast" in check.message or "non-broadcastable output operand" in check.message
        assert "use dy = np.zeros_like(y_pred) there" in check.message, check.message
        assert "in your line " in check.message  # the learner's own line, from their traceback
    assert "`dh = np.dot(params['V'].T, dy) + dh_next`" in " ".join(c.message for c in crashed)
    fixed = BPTT_LISTING.replace("else 0", "else np.zeros_like(y_pred)")
    path.write_text(fixed)
    assert grade_candidate(real_course, real_course.get("bptt"), path, seed=1234).status == "passed"


def test_a_tanh_built_from_exponentials_is_told_to_use_np_tanh_not_the_sigmoid_trick(real_course, tmp_path):
    from tutor.validation import grade_candidate

    reference = (real_course.root / "solutions" / "activations.py").read_text()
    hand_made = reference + "\n\ndef tanh(z):\n    return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))\n"
    path = tmp_path / "activations.py"
    path.write_text(hand_made)
    report = grade_candidate(real_course, real_course.get("activations"), path, seed=1234)
    huge = next(check for check in report.checks if "huge inputs" in check.name)
    assert huge.status == "failed" and "use np.tanh(z)" in huge.message, huge.message
    assert "1 / (1 + e^(−z))" not in huge.message
