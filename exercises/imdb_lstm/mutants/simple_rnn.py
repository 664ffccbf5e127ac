import keras

EPOCHS = 4
BATCH_SIZE = 64


def build_model():
    model = keras.Sequential([
        keras.Input(shape=(200,)),
        keras.layers.Embedding(10000, 32),
        keras.layers.SimpleRNN(32),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001),
                  loss="binary_crossentropy", metrics=["accuracy"])
    return model
