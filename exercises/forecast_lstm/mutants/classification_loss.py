import keras

EPOCHS = 20
BATCH_SIZE = 64


def build_model():
    model = keras.Sequential([
        keras.Input(shape=(30, 1)),
        keras.layers.LSTM(48, return_sequences=True),
        keras.layers.LSTM(24),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.03),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
