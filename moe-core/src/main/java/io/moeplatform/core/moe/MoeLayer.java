package io.moeplatform.core.moe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.moeplatform.core.gate.GateConfig;
import io.moeplatform.core.gate.GateOutput;
import io.moeplatform.core.gate.TopKGate;
import io.moeplatform.core.tensor.Parameters;
import io.moeplatform.core.tensor.SeededRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A sparse Mixture-of-Experts feed-forward layer (Shazeer et al. 2017; GShard; Switch):
 *
 * <pre>
 *   routing = gate(x)                        x: [T, d]
 *   buffer  = dispatch(x, routing)           [E, C, d]
 *   out     = experts(buffer)                [E, C, d]
 *   y       = combine(out, routing)          [T, d]   (Σ over the k kept choices, gate-weighted)
 *   y       = residual(x, y)                 optional dense FFN (see {@link ResidualMode})
 * </pre>
 *
 * <p>With experts prototyping the experts form {@code k} groups and the pipeline above runs per
 * group with top-1 gating, summing the group outputs (M6-T). With one expert, k = 1 and nothing
 * dropped the layer is exactly the dense FFN with the same weights (the gate value is
 * softmax over one logit = 1).
 *
 * <p>Parameters (under {@code prefix}): {@code router} {@code [d, E]}, {@code experts.w1/b1/w2/b2}
 * (per block, {@code experts.<first>-<last>.w1} etc., when the experts are stored in several
 * blocks: see {@link StackedExperts}), and with a residual {@code residual.*} (see {@link
 * DenseFfn}) and {@code residual.coefficient.w} {@code [d, 2]}, {@code .b} {@code [2]}.
 */
public final class MoeLayer {

    private final MoeLayerConfig config;
    private final NDArray router;
    private final StackedExperts experts;
    private final DenseFfn residualFfn;
    private final NDArray coefficientWeight;
    private final NDArray coefficientBias;

    /**
     * Creates the layer and registers its parameters.
     *
     * @param config the configuration
     * @param parameters the registry
     * @param prefix the parameter name prefix, e.g. {@code encoder.1.moe}
     * @param random the initialisation generator
     */
    public MoeLayer(MoeLayerConfig config, Parameters parameters, String prefix, SeededRandom random) {
        this.config = config;
        int d = config.modelDim();
        this.router = parameters.normal(prefix + ".router", new Shape(d, config.experts()), 0.02, random);
        this.experts = StackedExperts.create(
                parameters,
                prefix + ".experts",
                config.experts(),
                d,
                config.expertHidden(),
                config.resolvedExpertsPerTensor(),
                random);
        this.residualFfn = config.residual() == ResidualMode.NONE
                ? null
                : new DenseFfn(parameters, prefix + ".residual", d, config.residualHidden(), random);
        boolean learned = config.residual() == ResidualMode.LEARNED_COEFFICIENT;
        this.coefficientWeight =
                learned ? parameters.normal(prefix + ".residual.coefficient.w", new Shape(d, 2), 0.02, random) : null;
        this.coefficientBias =
                learned ? parameters.constant(prefix + ".residual.coefficient.b", new Shape(2), 0) : null;
    }

    /** @return the configuration */
    public MoeLayerConfig config() {
        return config;
    }

    /** @return the experts of this layer */
    public StackedExperts experts() {
        return experts;
    }

    /**
     * Runs the layer.
     *
     * @param tokens input {@code [T, d]}
     * @param active per-token flag {@code [T]} (false for padding), or null for all
     * @param training training capacity factor and noise if true
     * @param random generator for noise and RTS (may be null if neither is configured)
     * @return output, routings and auxiliary losses
     */
    public MoeOutput forward(NDArray tokens, boolean[] active, boolean training, SeededRandom random) {
        List<GateOutput> routings = new ArrayList<>();
        NDArray output = null;
        for (int g = 0; g < config.groups(); g++) {
            TopKGate gate = groupGate(g);
            StackedExperts groupExperts = groupExperts(g);
            GateOutput routing = gate.route(tokens, active, training, random);
            NDArray buffer = TokenDispatcher.dispatch(tokens, routing); // [E_g, C, d]
            NDArray expertOutputs = groupExperts.forward(buffer, config.computeStrategy()); // [E_g, C, d]
            NDArray combined = TokenDispatcher.combine(expertOutputs, routing); // [T, d]
            output = output == null ? combined : output.add(combined);
            routings.add(routing);
        }
        return new MoeOutput(
                withResidual(tokens, output),
                routings,
                sum(routings.stream().map(GateOutput::loadBalancingLoss).toList()),
                sum(routings.stream().map(GateOutput::zLoss).toList()));
    }

    private TopKGate groupGate(int group) {
        GateConfig gateConfig = config.gate();
        if (!config.expertsPrototyping()) {
            return new TopKGate(gateConfig, router);
        }
        int size = config.experts() / config.groups();
        GateConfig top1 = gateConfig.toBuilder().setExperts(size).optTopK(1).build();
        return new TopKGate(top1, router.get(":, " + group * size + ":" + (group + 1) * size)); // [d, E/G]
    }

    private StackedExperts groupExperts(int group) {
        if (!config.expertsPrototyping()) {
            return experts;
        }
        int size = config.experts() / config.groups();
        return experts.slice(group * size, (group + 1) * size);
    }

    private NDArray withResidual(NDArray tokens, NDArray moeOutput) {
        return switch (config.residual()) {
            case NONE -> moeOutput;
            case SUM -> moeOutput.add(residualFfn.forward(tokens));
            case LEARNED_COEFFICIENT -> {
                NDArray coefficient =
                        tokens.matMul(coefficientWeight).add(coefficientBias).softmax(1); // [T, 2]
                yield moeOutput
                        .mul(coefficient.get(":, 0:1"))
                        .add(residualFfn.forward(tokens).mul(coefficient.get(":, 1:2")));
            }
        };
    }

    private static NDArray sum(List<NDArray> scalars) {
        NDArray total = scalars.getFirst();
        for (int i = 1; i < scalars.size(); i++) {
            total = total.add(scalars.get(i));
        }
        return total;
    }
}
