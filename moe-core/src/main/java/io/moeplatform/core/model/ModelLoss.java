package io.moeplatform.core.model;

import ai.djl.ndarray.NDArray;
import io.moeplatform.core.moe.MoeOutput;
import io.moeplatform.core.tensor.ScalarOps;
import java.util.List;

/**
 * The training objective of one batch: {@code total = crossEntropy + α · Σ_layers aux + β ·
 * Σ_layers z}.
 *
 * @param total the scalar to differentiate
 * @param crossEntropy label-smoothed cross-entropy, scalar
 * @param loadBalancingLoss sum over MoE layers of the balance loss, scalar (unweighted)
 * @param zLoss sum over MoE layers of the router z-loss, scalar (unweighted)
 * @param targetTokens non-padding target tokens in the batch
 * @param moeOutputs every MoE layer's output in model order (routing counts, drops)
 */
public record ModelLoss(
        NDArray total,
        NDArray crossEntropy,
        NDArray loadBalancingLoss,
        NDArray zLoss,
        int targetTokens,
        List<MoeOutput> moeOutputs) {

    /**
     * Combines a cross-entropy and MoE outputs into the objective.
     *
     * @param config for α and β
     * @param crossEntropy the task loss
     * @param targetTokens non-padding targets
     * @param moeOutputs the MoE layers' outputs
     * @return the loss
     */
    public static ModelLoss of(
            TransformerConfig config, NDArray crossEntropy, int targetTokens, List<MoeOutput> moeOutputs) {
        NDArray aux = crossEntropy.zerosLike();
        NDArray z = crossEntropy.zerosLike();
        for (MoeOutput moe : moeOutputs) {
            aux = aux.add(moe.loadBalancingLoss());
            z = z.add(moe.zLoss());
        }
        NDArray total = crossEntropy
                .add(ScalarOps.mul(aux, config.auxLossWeight()))
                .add(ScalarOps.mul(z, config.zLossWeight()));
        return new ModelLoss(total, crossEntropy, aux, z, targetTokens, moeOutputs);
    }
}
