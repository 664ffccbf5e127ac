import keras

EPOCHS = 8
BATCH_SIZE = 64


def build_model():
    model = keras.Sequential([
        keras.Input(shape=(30,), dtype="int32"),
        keras.layers.Embedding(100, 16, mask_zero=True),
        keras.layers.Bidirectional(keras.layers.LSTM(8)),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="binary_crossentropy", metrics=["accuracy"])
    return model


def build_simple_rnn():
    model = keras.Sequential([
        keras.Input(shape=(30,), dtype="int32"),
        keras.layers.Embedding(100, 16, mask_zero=True),
        keras.layers.Bidirectional(keras.layers.SimpleRNN(8)),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="binary_crossentropy", metrics=["accuracy"])
    return model
