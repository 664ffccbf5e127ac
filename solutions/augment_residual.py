import keras

EPOCHS = 120
BATCH_SIZE = 32


def residual_block(x, filters):
    y = keras.layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    y = keras.layers.Conv2D(filters, 3, padding="same")(y)
    return keras.layers.Activation("relu")(keras.layers.Add()([x, y]))


def classifier(augment):
    images = keras.Input(shape=(8, 8, 1))
    x = keras.layers.RandomTranslation(0.125, 0.125, fill_mode="constant")(images) if augment else images
    x = keras.layers.Conv2D(32, 3, padding="same", activation="relu")(x)
    x = residual_block(x, 32)
    x = keras.layers.GlobalAveragePooling2D()(x)
    outputs = keras.layers.Dense(10, activation="softmax")(x)
    model = keras.Model(images, outputs)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.003),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def build_model():
    return classifier(augment=True)


def build_plain():
    return classifier(augment=False)
