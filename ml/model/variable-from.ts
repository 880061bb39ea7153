import * as tf from "@tensorflow/tfjs";

/**
 * A variable holding `init`'s values; `init` is disposed. tf.variable shares
 * init's data and counts init as a live tensor of its own: left undisposed,
 * every model's and optimizer's initial values stayed allocated after the
 * model was disposed (72 tensors per tiny model + Adam, the whole model size
 * three times over for the large presets, per render).
 */
export function variableFrom(init: tf.Tensor, trainable: boolean, name: string): tf.Variable {
  const v = tf.variable(init, trainable, name);
  init.dispose();
  return v;
}
