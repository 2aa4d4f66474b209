package io.moeplatform.core.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trainable parameters of a model: an insertion-ordered map from a stable name (the key
 * used in checkpoints, e.g. {@code encoder.1.moe.experts.w1}) to an {@link NDArray} that
 * requires a gradient and lives in this registry's manager.
 *
 * <p>Initialisation draws from a {@link SeededRandom} on the host, so the same seed gives the
 * same weights on every machine. A forward pass should run inside {@link #attachTo(NDManager)}
 * so that every intermediate array lands in a short-lived sub-manager and is freed with it.
 */
public final class Parameters implements AutoCloseable {

    private final NDManager manager;
    private final DataType dataType;
    private final Map<String, NDArray> byName = new LinkedHashMap<>();

    /**
     * Creates an empty registry.
     *
     * @param parent the manager the registry's own sub-manager is created under
     * @param dataType {@code FLOAT32} for training, {@code FLOAT64} for gradient checks
     */
    public Parameters(NDManager parent, DataType dataType) {
        this.manager = parent.newSubManager();
        this.dataType = dataType;
    }

    /** @return the element type of every parameter */
    public DataType dataType() {
        return dataType;
    }

    /** @return the manager that owns the parameters */
    public NDManager manager() {
        return manager;
    }

    /**
     * Registers a parameter with entries drawn from N(0, std²).
     *
     * @param name the unique name
     * @param shape the shape
     * @param std the standard deviation
     * @param random the generator
     * @return the parameter
     */
    public NDArray normal(String name, Shape shape, double std, SeededRandom random) {
        return register(name, gaussian(shape.size(), std, random), shape);
    }

    /**
     * Draws {@code n} values from N(0, std²), in the order {@link #normal} draws them.
     *
     * @param n how many
     * @param std the standard deviation
     * @param random the generator
     * @return the values
     */
    public static double[] gaussian(long n, double std, SeededRandom random) {
        double[] values = new double[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) {
            values[i] = std * random.nextGaussian();
        }
        return values;
    }

    /**
     * Registers a parameter filled with one value.
     *
     * @param name the unique name
     * @param shape the shape
     * @param value the fill value
     * @return the parameter
     */
    public NDArray constant(String name, Shape shape, double value) {
        double[] values = new double[Math.toIntExact(shape.size())];
        Arrays.fill(values, value);
        return register(name, values, shape);
    }

    /**
     * Registers a parameter with the given values.
     *
     * @param name the unique name
     * @param values the values in row-major order
     * @param shape the shape
     * @return the parameter
     */
    public NDArray register(String name, double[] values, Shape shape) {
        if (byName.containsKey(name)) {
            throw new IllegalArgumentException("parameter " + name + " is already registered");
        }
        NDArray array = manager.create(values, shape).toType(dataType, false);
        array.setName(name);
        array.setRequiresGradient(true);
        byName.put(name, array);
        return array;
    }

    /**
     * Returns a parameter by name.
     *
     * @param name the name
     * @return the parameter
     */
    public NDArray get(String name) {
        NDArray array = byName.get(name);
        if (array == null) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return array;
    }

    /** @return an unmodifiable ordered view of all parameters */
    public Map<String, NDArray> all() {
        return Collections.unmodifiableMap(byName);
    }

    /**
     * Attaches every parameter temporarily to {@code step} so that arrays computed from them
     * (results attach to the receiver's manager) are freed when {@code step} closes; the
     * parameters themselves return to this registry then.
     *
     * @param step a short-lived sub-manager, e.g. one per training step
     */
    public void attachTo(NDManager step) {
        for (NDArray array : byName.values()) {
            array.tempAttach(step);
        }
    }

    /**
     * Overwrites a parameter's values in place, outside autograd (checkpoint loading, tests).
     *
     * @param name the parameter
     * @param values new values in row-major order, as many as the parameter has
     */
    public void assign(String name, double[] values) {
        NDArray array = get(name);
        if (values.length != array.getShape().size()) {
            throw new IllegalArgumentException(
                    "parameter " + name + " has " + array.getShape().size() + " values, got " + values.length);
        }
        try (NDManager scratch = manager.newSubManager()) {
            NDArray source = scratch.create(values, array.getShape()).toType(dataType, false);
            overwrite(array, source);
        }
    }

    /**
     * Overwrites a parameter in place from an array of the same shape (any manager).
     *
     * @param name the parameter
     * @param source the new values
     */
    public void assign(String name, NDArray source) {
        NDArray array = get(name);
        if (!array.getShape().equals(source.getShape())) {
            throw new IllegalArgumentException(
                    "parameter " + name + " has shape " + array.getShape() + ", got " + source.getShape());
        }
        overwrite(array, source.toType(dataType, false));
    }

    /**
     * PyTorch refuses an in-place write into a leaf that requires a gradient (it would corrupt
     * the graph), so the flag is lifted around the copy and restored after it.
     */
    private static void overwrite(NDArray array, NDArray source) {
        boolean requiresGradient = array.hasGradient();
        if (requiresGradient) {
            array.setRequiresGradient(false);
        }
        array.set(new NDIndex(":"), source);
        if (requiresGradient) {
            array.setRequiresGradient(true);
        }
    }

    /**
     * Sets every existing gradient to zero in place (PyTorch accumulates gradients across backward
     * passes). The gradients stay allocated and keep the parameters' data type, so {@link
     * NDArray#getGradient()} reads zeros of that type; the next backward then adds into them. A
     * training step should use {@link #releaseGradients()} instead, which needs no pass over the
     * gradients at all.
     */
    public void zeroGradients() {
        for (NDArray array : byName.values()) {
            if (array.hasGradient()) {
                try (NDArray gradient = array.getGradient()) {
                    gradient.subi(gradient);
                }
            }
        }
    }

    /**
     * Clears every gradient before the next backward pass by releasing it rather than zeroing it:
     * each parameter's handle is replaced by a fresh view of the same storage (torch {@code
     * detach()}, so the values, the name and every reference to the {@link NDArray} stay as they
     * are) that has no gradient yet. The next backward then installs its freshly computed gradient
     * as is (PyTorch's {@code AccumulateGrad} takes the new tensor over when none is defined)
     * instead of adding it into a zeroed buffer: for the stacked expert weights (blocks of up to
     * 16 MiB each, 128 MiB per layer at E = 64, d = 256, h = 1024) that saves a read-read-write
     * pass per weight per backward, and the zeroing pass before it. Later backward passes of the same step still
     * accumulate. The values are the same as after {@link #zeroGradients()}; the one difference:
     * until a backward reaches a parameter, {@link NDArray#getGradient()} returns DJL's fallback
     * zeros, which are float32 whatever the parameter's type.
     */
    public void releaseGradients() {
        for (NDArray array : byName.values()) {
            releaseGradient(array);
        }
    }

    /**
     * Releases the gradient of one leaf array that requires a gradient (see {@link
     * #releaseGradients()}); an array that requires none is left alone.
     *
     * @param array a leaf, e.g. a parameter or an input whose gradient a test or benchmark reads
     */
    public static void releaseGradient(NDArray array) {
        if (!array.hasGradient()) {
            return;
        }
        NDArray fresh = array.stopGradient(); // same storage, no autograd history, no gradient
        fresh.setRequiresGradient(true);
        array.intern(fresh); // array now wraps the fresh tensor; the old one (and its gradient) is freed
    }

    /** @return the total number of scalar parameters */
    public long count() {
        return byName.values().stream().mapToLong(a -> a.getShape().size()).sum();
    }

    @Override
    public void close() {
        manager.close();
    }
}
