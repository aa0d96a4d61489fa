package dev.autodidact.transformer.checkpoint;

import java.io.IOException;

/**
 * A checkpoint file that cannot be used as it stands: a malformed safetensors file, a config.json
 * with a missing or unknown field, tensors that do not match the configuration. The message names
 * the file and, where there is one, the tensor or field.
 */
public final class CheckpointFormatException extends IOException {

    public CheckpointFormatException(String message) {
        super(message);
    }

    public CheckpointFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
