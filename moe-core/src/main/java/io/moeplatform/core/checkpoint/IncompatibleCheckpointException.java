package io.moeplatform.core.checkpoint;

/**
 * A checkpoint does not fit the model it is loaded into: a shape-defining configuration field
 * (or the format version or model type) differs. The message names the field and both values.
 */
public final class IncompatibleCheckpointException extends RuntimeException {

    private final String field;
    private final transient Object checkpointValue;
    private final transient Object modelValue;

    /**
     * Creates the exception.
     *
     * @param field the differing field
     * @param checkpointValue the value in the checkpoint
     * @param modelValue the value of the model
     */
    public IncompatibleCheckpointException(String field, Object checkpointValue, Object modelValue) {
        super("checkpoint " + field + " (" + checkpointValue + ") differs from model " + field + " (" + modelValue
                + ")");
        this.field = field;
        this.checkpointValue = checkpointValue;
        this.modelValue = modelValue;
    }

    /** @return the differing field */
    public String field() {
        return field;
    }

    /** @return the checkpoint's value */
    public Object checkpointValue() {
        return checkpointValue;
    }

    /** @return the model's value */
    public Object modelValue() {
        return modelValue;
    }
}
