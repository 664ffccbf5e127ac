import keras

EPOCHS = 10
BATCH_SIZE = 64


def build_model():
    model = keras.Sequential([
        keras.Input(shape=(3, 32, 32)),
        keras.layers.Conv2D(16, 3, activation="relu", padding="same", data_format="channels_first"),
        keras.layers.MaxPooling2D(2, data_format="channels_first"),
        keras.layers.Conv2D(32, 3, activation="relu", padding="same", data_format="channels_first"),
        keras.layers.MaxPooling2D(2, data_format="channels_first"),
        keras.layers.Conv2D(64, 3, activation="relu", padding="same", data_format="channels_first"),
        keras.layers.MaxPooling2D(2, data_format="channels_first"),
        keras.layers.Flatten(),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
