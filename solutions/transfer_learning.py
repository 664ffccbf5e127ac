import keras

EPOCHS = 10
BATCH_SIZE = 16
BASE_NAME = "dltutor_pretrained_digits"


def pretrained_base(name=BASE_NAME):
    return keras.Sequential([
        keras.Input(shape=(8, 8, 1)),
        keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
    ], name=name)


def build_model():
    base = pretrained_base()
    base.trainable = False
    model = keras.Sequential([
        keras.Input(shape=(8, 8, 1)),
        base,
        keras.layers.Dense(5, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.03),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def build_scratch():
    model = keras.Sequential([
        keras.Input(shape=(8, 8, 1)),
        pretrained_base(name="from_scratch"),
        keras.layers.Dense(5, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.03),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
