"""The Keras classes a learner's model and compile settings may use, each with how to build a default
instance (the fewest required arguments), by kind.

Decided for this course (README "Training exercises"): the built-in layers its lessons and source
texts use, with their recurrent cells, merges, attention and random augmentation layers; the usual
initializers, regularizers, constraints, optimizers, losses and metrics; and the extension hooks an
exercise can enable with ``[training] allow``: learning-rate schedules and two callbacks. Preprocessing
layers that hold tables or vocabularies (Discretization, StringLookup, CategoryEncoding, Hashing…)
and layers that run code (Lambda, TFSMLayer, JaxLayer…) are not here. Standard library only: each
maker receives the ``keras`` module from its caller, a trusted helper.
"""

from __future__ import annotations


def _functional(keras):
    inputs = keras.Input(shape=(1,))
    return keras.Model(inputs, keras.layers.Dense(1)(inputs))


def _layers(k):
    L = k.layers
    one = lambda cls: (lambda: cls(1))  # noqa: E731  (units, filters, size or rate: any valid value)
    makers = {
        "Dense": one(L.Dense), "Embedding": lambda: L.Embedding(1, 1), "InputLayer": lambda: L.InputLayer(shape=(1,)),
        "Conv1D": lambda: L.Conv1D(1, 1), "Conv2D": lambda: L.Conv2D(1, 1), "Conv3D": lambda: L.Conv3D(1, 1),
        "Conv1DTranspose": lambda: L.Conv1DTranspose(1, 1), "Conv2DTranspose": lambda: L.Conv2DTranspose(1, 1),
        "Flatten": L.Flatten, "Reshape": lambda: L.Reshape((1,)), "Permute": lambda: L.Permute((1,)),
        "RepeatVector": one(L.RepeatVector), "Dropout": lambda: L.Dropout(0.1),
        "SpatialDropout1D": lambda: L.SpatialDropout1D(0.1), "SpatialDropout2D": lambda: L.SpatialDropout2D(0.1),
        "SpatialDropout3D": lambda: L.SpatialDropout3D(0.1), "GaussianNoise": lambda: L.GaussianNoise(0.1),
        "BatchNormalization": L.BatchNormalization, "LayerNormalization": L.LayerNormalization,
        "Normalization": L.Normalization, "Masking": L.Masking,
        "SimpleRNN": one(L.SimpleRNN), "LSTM": one(L.LSTM), "GRU": one(L.GRU),
        "RNN": lambda: L.RNN(L.LSTMCell(1)), "Bidirectional": lambda: L.Bidirectional(L.LSTM(1)),
        "TimeDistributed": lambda: L.TimeDistributed(L.Dense(1)),
        "Activation": lambda: L.Activation("relu"), "ReLU": L.ReLU, "Softmax": L.Softmax, "LeakyReLU": L.LeakyReLU,
        "ELU": L.ELU, "Rescaling": lambda: L.Rescaling(1.0),
        "RandomFlip": L.RandomFlip, "RandomRotation": lambda: L.RandomRotation(0.1),
        "RandomTranslation": lambda: L.RandomTranslation(0.1, 0.1), "RandomZoom": lambda: L.RandomZoom(0.1),
        "RandomContrast": lambda: L.RandomContrast(0.1),
        "Attention": L.Attention, "AdditiveAttention": L.AdditiveAttention,
        "MultiHeadAttention": lambda: L.MultiHeadAttention(1, 1),
    }
    for merge in ("Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"):
        makers[merge] = getattr(L, merge)
    for rank in ("1D", "2D", "3D"):
        for name in ("MaxPooling", "GlobalMaxPooling", "GlobalAveragePooling", "ZeroPadding", "UpSampling",
                     "Cropping"):
            makers[name + rank] = getattr(L, name + rank)
        makers["AveragePooling" + rank] = (lambda cls: lambda: cls(2))(getattr(L, "AveragePooling" + rank))
    return makers


def _cells(k):
    L = k.layers
    return {"SimpleRNNCell": lambda: L.SimpleRNNCell(1), "LSTMCell": lambda: L.LSTMCell(1),
            "GRUCell": lambda: L.GRUCell(1), "StackedRNNCells": lambda: L.StackedRNNCells([L.LSTMCell(1)])}


def _models(k):
    return {"Sequential": k.Sequential, "Functional": lambda: _functional(k)}


def _named(module, names, **special):
    return lambda k: {name: special.get(name, getattr(getattr(k, module), name)) for name in names}


def _schedules(k):
    S = k.optimizers.schedules
    return {"ExponentialDecay": lambda: S.ExponentialDecay(0.1, 10, 0.5),
            "InverseTimeDecay": lambda: S.InverseTimeDecay(0.1, 10, 0.5),
            "PolynomialDecay": lambda: S.PolynomialDecay(0.1, 10), "CosineDecay": lambda: S.CosineDecay(0.1, 10),
            "CosineDecayRestarts": lambda: S.CosineDecayRestarts(0.1, 10),
            "PiecewiseConstantDecay": lambda: S.PiecewiseConstantDecay([10], [0.1, 0.01])}


KINDS = {
    "layer": _layers, "cell": _cells, "model": _models,
    "initializer": _named("initializers", ("Zeros", "Ones", "Constant", "RandomNormal", "RandomUniform",
                                           "TruncatedNormal", "GlorotUniform", "GlorotNormal", "HeUniform",
                                           "HeNormal", "LecunUniform", "LecunNormal", "Orthogonal", "Identity",
                                           "VarianceScaling")),
    "regularizer": _named("regularizers", ("L1", "L2", "L1L2", "OrthogonalRegularizer")),
    "constraint": _named("constraints", ("MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm")),
    "dtype_policy": lambda k: {"DTypePolicy": lambda: k.DTypePolicy("float32")},
    "optimizer": _named("optimizers", ("SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax",
                                       "Nadam", "Lion")),
    "schedule": _schedules,
    "loss": _named("losses", ("SparseCategoricalCrossentropy", "CategoricalCrossentropy", "BinaryCrossentropy",
                              "BinaryFocalCrossentropy", "CategoricalFocalCrossentropy", "MeanSquaredError",
                              "MeanAbsoluteError", "MeanAbsolutePercentageError", "MeanSquaredLogarithmicError",
                              "Huber", "LogCosh", "KLDivergence", "Poisson", "Hinge", "SquaredHinge",
                              "CategoricalHinge", "CosineSimilarity")),
    "metric": _named("metrics", ("Accuracy", "SparseCategoricalAccuracy", "CategoricalAccuracy", "BinaryAccuracy",
                                 "TopKCategoricalAccuracy", "SparseTopKCategoricalAccuracy", "AUC", "Precision",
                                 "Recall", "F1Score", "MeanSquaredError", "MeanAbsoluteError",
                                 "RootMeanSquaredError", "MeanAbsolutePercentageError")),
    # Not Keras-serializable: describe.py sends a callback's constructor arguments, and the trainer
    # builds it from them; its keys are the constructor's parameters on the installed Keras.
    "callback": _named("callbacks", ("EarlyStopping", "ReduceLROnPlateau")),
}
# Strings Keras accepts in place of an object (model.compile(optimizer="adam", loss="mse", ...)).
OPTIMIZER_NAMES = ("sgd", "adam", "adamw", "rmsprop", "adagrad", "adadelta", "adamax", "nadam", "lion",
                   "SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam", "Lion")
LOSS_NAMES = ("sparse_categorical_crossentropy", "categorical_crossentropy", "binary_crossentropy",
              "binary_focal_crossentropy", "categorical_focal_crossentropy", "mse", "mean_squared_error",
              "mae", "mean_absolute_error", "mape", "mean_absolute_percentage_error", "msle",
              "mean_squared_logarithmic_error", "huber", "log_cosh", "kl_divergence", "kld", "poisson", "hinge",
              "squared_hinge", "categorical_hinge", "cosine_similarity")
METRIC_NAMES = ("accuracy", "acc", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
                "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy", "auc", "AUC", "precision",
                "recall", "f1_score", "mse", "mae", "mape", "mean_squared_error", "mean_absolute_error",
                "mean_absolute_percentage_error", "root_mean_squared_error", "binary_crossentropy",
                "categorical_crossentropy", "sparse_categorical_crossentropy")
ACTIVATION_FUNCTION_MODULES = ("builtins", "keras.activations", "keras.losses", "keras.metrics")
