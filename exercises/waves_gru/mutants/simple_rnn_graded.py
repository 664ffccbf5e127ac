import keras

EPOCHS = 15
BATCH_SIZE = 32


def build_model():
    model = keras.Sequential([
        keras.Input(shape=(40, 1)),
        keras.layers.SimpleRNN(32),
        keras.layers.Dense(3, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def build_simple_rnn():
    model = keras.Sequential([
        keras.Input(shape=(40, 1)),
        keras.layers.SimpleRNN(32),
        keras.layers.Dense(3, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
