package io.moeplatform.core.model;

import io.moeplatform.core.moe.StackedExperts;
import io.moeplatform.core.tensor.Parameters;
import io.moeplatform.core.tensor.SeededRandom;
import java.util.List;

/**
 * What the trainer and the checkpoint format need from a model.
 *
 * @param <B> the batch type ({@link Seq2SeqBatch} or {@link LmBatch})
 */
public interface SequenceModel<B> extends AutoCloseable {

    /** @return the configuration */
    TransformerConfig config();

    /** @return the trainable parameters */
    Parameters parameters();

    /** @return the parameter-name prefixes of the MoE layers, in model order (layer i of checkpoints) */
    List<String> moeLayerPrefixes();

    /** @return the experts of the MoE layers, in the order of {@link #moeLayerPrefixes()} */
    List<StackedExperts> expertStacks();

    /**
     * Computes the objective of one batch. The caller owns memory scoping (see {@link
     * Parameters#attachTo}).
     *
     * @param batch the batch
     * @param training training mode (capacity factor, noise)
     * @param random the generator for routing noise and RTS
     * @return the loss and its parts
     */
    ModelLoss loss(B batch, boolean training, SeededRandom random);

    @Override
    void close();
}
