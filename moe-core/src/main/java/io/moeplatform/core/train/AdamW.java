package io.moeplatform.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.moeplatform.core.tensor.Parameters;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter 2019, "Decoupled Weight Decay
 * Regularization", arXiv:1711.05101, Algorithm 2), over NDArrays:
 *
 * <pre>
 *   t ← t + 1
 *   m ← β1 m + (1 - β1) g          v ← β2 v + (1 - β2) g²
 *   m̂ = m / (1 - β1^t)             v̂ = v / (1 - β2^t)        (bias correction, Kingma and Ba 2015)
 *   θ ← θ - lr · (m̂ / (sqrt(v̂) + ε) + λ θ)
 * </pre>
 *
 * <p>The decay {@code λ} skips parameters whose name marks a bias, a LayerNorm parameter or an
 * embedding table (the usual exclusions). State {@code m}, {@code v} (named {@code m.<param>},
 * {@code v.<param>}) and {@code t} are exposed for checkpoints. Updates run in place outside
 * autograd.
 */
public final class AdamW implements AutoCloseable {

    private final TrainerConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private long step;

    /**
     * Creates zero state for every parameter.
     *
     * @param config β1, β2, ε, λ
     * @param parameters the parameters to optimise
     */
    public AdamW(TrainerConfig config, Parameters parameters) {
        this.config = config;
        this.manager = parameters.manager().getParentManager().newSubManager();
        for (var entry : parameters.all().entrySet()) {
            NDArray p = entry.getValue();
            firstMoments.put(entry.getKey(), manager.zeros(p.getShape(), p.getDataType()));
            secondMoments.put(entry.getKey(), manager.zeros(p.getShape(), p.getDataType()));
        }
    }

    /** @return the number of updates applied, t */
    public long stepCount() {
        return step;
    }

    /** @param step the number of updates applied (on resume) */
    public void setStepCount(long step) {
        this.step = step;
    }

    /** @return first moments by parameter name (live arrays) */
    public Map<String, NDArray> firstMoments() {
        return firstMoments;
    }

    /** @return second moments by parameter name (live arrays) */
    public Map<String, NDArray> secondMoments() {
        return secondMoments;
    }

    /**
     * Attaches the state temporarily to a step manager (see {@link Parameters#attachTo}).
     *
     * @param stepManager the step's manager
     */
    public void attachTo(NDManager stepManager) {
        firstMoments.values().forEach(a -> a.tempAttach(stepManager));
        secondMoments.values().forEach(a -> a.tempAttach(stepManager));
    }

    /**
     * Applies one update with the parameters' current gradients.
     *
     * @param parameters the parameters (same registry as at construction)
     * @param learningRate lr of this step
     */
    public void step(Parameters parameters, double learningRate) {
        step++;
        double beta1 = config.beta1();
        double beta2 = config.beta2();
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = 1 - Math.pow(beta2, step);
        for (var entry : parameters.all().entrySet()) {
            NDArray p = entry.getValue();
            if (!p.hasGradient()) {
                continue;
            }
            NDArray g = p.getGradient();
            NDArray m = firstMoments.get(entry.getKey());
            NDArray v = secondMoments.get(entry.getKey());
            m.muli(beta1).addi(g.mul(1 - beta1));
            v.muli(beta2).addi(g.square().muli(1 - beta2));
            NDArray update = m.div(correction1).divi(v.div(correction2).sqrt().addi(config.epsilon()));
            if (config.weightDecay() > 0 && decays(entry.getKey())) {
                update.addi(p.mul(config.weightDecay()));
            }
            p.subi(update.muli(learningRate));
        }
    }

    /**
     * Whether λ applies to a parameter.
     *
     * @param name the parameter name
     * @return false for biases, LayerNorm parameters and embeddings
     */
    static boolean decays(String name) {
        return !(name.endsWith(".b1")
                || name.endsWith(".b2")
                || name.endsWith(".b")
                || name.endsWith(".bias")
                || name.endsWith(".gain")
                || name.startsWith("embedding."));
    }

    @Override
    public void close() {
        manager.close();
    }
}
