import keras

EPOCHS = 150
BATCH_SIZE = 32


def build_model():
    model = keras.Sequential([
        keras.Input(shape=(300,)),
        keras.layers.Dense(128, activation="relu", kernel_regularizer=keras.regularizers.L2(1e-3)),
        keras.layers.Dense(64, activation="relu", kernel_regularizer=keras.regularizers.L2(1e-3)),
        keras.layers.Dense(3, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.003),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
