import keras

EPOCHS = 25
BATCH_SIZE = 32


def build_model():
    model = keras.Sequential([
        keras.Input(shape=(16, 8)),
        keras.layers.LSTM(32),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
