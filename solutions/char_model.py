import keras

EPOCHS = 8
BATCH_SIZE = 64


def build_model():
    model = keras.Sequential([
        keras.Input(shape=(40,), dtype="int32"),
        keras.layers.Embedding(36, 16),
        keras.layers.GRU(64),
        keras.layers.Dense(36, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
