import keras

EPOCHS = 60
BATCH_SIZE = 16


def build_model():
    model = keras.Sequential([
        keras.Input(shape=(4,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(3, activation="softmax"),
    ])
    return model
