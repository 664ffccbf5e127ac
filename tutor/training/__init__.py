"""Training exercises on the grader's side: the sandbox describes the learner's model, a trusted
helper process trains it; nothing here imports TensorFlow."""
