package io.moeplatform.worker.session;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one training step reports to the platform.
 *
 * @param step the step just completed (1-based)
 * @param loss total loss
 * @param auxLoss load-balancing loss
 * @param zLoss router z-loss
 * @param tokensPerSecond throughput of the step
 * @param droppedFraction fraction of token-expert assignments dropped for capacity
 * @param learningRate the step's learning rate
 * @param expertLoad per MoE layer, the fraction of tokens each expert received: {@code [layer][expert]}
 */
public record StepReport(
        long step,
        double loss,
        double auxLoss,
        double zLoss,
        double tokensPerSecond,
        double droppedFraction,
        double learningRate,
        double[][] expertLoad) {

    /** The report as metric series: one value per name, expert load as {@code load/l{i}/e{j}}. */
    public Map<String, Double> series() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss);
        m.put("aux_loss", auxLoss);
        m.put("z_loss", zLoss);
        m.put("tokens_per_second", tokensPerSecond);
        m.put("dropped_fraction", droppedFraction);
        m.put("learning_rate", learningRate);
        for (int l = 0; l < expertLoad.length; l++) {
            for (int e = 0; e < expertLoad[l].length; e++) {
                m.put("load/l" + l + "/e" + e, expertLoad[l][e]);
            }
        }
        return m;
    }
}
