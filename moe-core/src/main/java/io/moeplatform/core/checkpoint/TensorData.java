package io.moeplatform.core.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One tensor as stored in a safetensors file: dtype name ({@code F32}, {@code F64}, {@code I64}),
 * shape and raw little-endian bytes.
 *
 * @param dtype the safetensors dtype name
 * @param shape the shape (empty for a scalar)
 * @param data the row-major little-endian bytes
 */
public record TensorData(String dtype, long[] shape, byte[] data) {

    /**
     * Copies an NDArray to host bytes.
     *
     * @param array a FLOAT32, FLOAT64 or INT64 array
     * @return the tensor
     */
    public static TensorData of(NDArray array) {
        long[] shape = array.getShape().getShape();
        DataType type = array.getDataType();
        return switch (type) {
            case FLOAT32 -> {
                float[] values = array.toFloatArray();
                ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                buffer.asFloatBuffer().put(values);
                yield new TensorData("F32", shape, buffer.array());
            }
            case FLOAT64 -> {
                double[] values = array.toDoubleArray();
                ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
                buffer.asDoubleBuffer().put(values);
                yield new TensorData("F64", shape, buffer.array());
            }
            case INT64 -> longs(array.toLongArray(), shape);
            default -> throw new IllegalArgumentException("unsupported dtype " + type + " of " + array.getName());
        };
    }

    /**
     * Wraps longs (step counts, RNG state).
     *
     * @param values the values
     * @param shape their shape
     * @return the tensor
     */
    public static TensorData longs(long[] values, long... shape) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asLongBuffer().put(values);
        return new TensorData("I64", shape, buffer.array());
    }

    /** @return the number of elements */
    public long size() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /** @return the values as longs (I64 only) */
    public long[] toLongs() {
        requireDtype("I64");
        long[] values = new long[Math.toIntExact(size())];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(values);
        return values;
    }

    /**
     * Creates an NDArray with these values.
     *
     * @param manager where to create it
     * @return the array
     */
    public NDArray toNDArray(NDManager manager) {
        Shape s = new Shape(shape);
        ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        return switch (dtype) {
            case "F32" -> {
                float[] values = new float[Math.toIntExact(size())];
                buffer.asFloatBuffer().get(values);
                yield manager.create(values, s);
            }
            case "F64" -> {
                double[] values = new double[Math.toIntExact(size())];
                buffer.asDoubleBuffer().get(values);
                yield manager.create(values, s);
            }
            case "I64" -> manager.create(toLongs(), s);
            default -> throw new IllegalArgumentException("unsupported safetensors dtype " + dtype);
        };
    }

    private void requireDtype(String expected) {
        if (!dtype.equals(expected)) {
            throw new IllegalArgumentException("tensor has dtype " + dtype + ", expected " + expected);
        }
    }
}
