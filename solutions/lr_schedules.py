import keras

EPOCHS = 40
BATCH_SIZE = 32
DECAY_STEPS = 40 * 12  # the whole run: 40 epochs of 12 batches (360 rows, 32 a batch)
GRID = {"learning_rate": [0.05, 0.02]}


def build_model(learning_rate=0.05):
    schedule = keras.optimizers.schedules.CosineDecay(learning_rate, decay_steps=DECAY_STEPS)
    model = keras.Sequential([
        keras.Input(shape=(10,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule), loss="mse")
    return model
