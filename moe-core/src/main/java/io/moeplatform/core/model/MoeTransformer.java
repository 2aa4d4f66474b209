package io.moeplatform.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.moeplatform.core.moe.MoeOutput;
import io.moeplatform.core.moe.StackedExperts;
import io.moeplatform.core.tensor.Parameters;
import io.moeplatform.core.tensor.SeededRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A pre-LayerNorm encoder-decoder transformer (Vaswani et al. 2017) whose FFN is a sparse MoE on
 * every {@code moeEvery}-th block (GShard, Lepikhin et al. 2020), for many-to-many translation.
 *
 * <pre>
 *   memory = LN(Encoder(embed(source)))                      [B, Ls, d]
 *   h      = LN(Decoder(embed(targetIn), memory))            [B, Lt, d]   causal + padding masks
 *   logits = h · Eᵀ                                          [B, Lt, V]   (E tied with the embeddings)
 *   loss   = LSCE(logits, targetOut) + α Σ aux + β Σ z
 * </pre>
 *
 * <p>Language choice: the target-language tag is the first decoder input (see {@link
 * Seq2SeqBatch}). Padding tokens are masked in attention and are not routed to experts.
 *
 * <p>Decoding: {@link #startDecoding} projects the encoder memory once per decoder block, and
 * {@link #decodeStep} runs one position against a key/value cache ({@link DecoderCache}), so a
 * step costs O(t) attention instead of re-running the prefix; {@link #greedyDecode} is built on
 * them. Beam search can reuse the same two methods.
 */
public final class MoeTransformer implements SequenceModel<Seq2SeqBatch> {

    private final TransformerConfig config;
    private final Parameters parameters;
    private final TokenEmbedding embedding;
    private final List<TransformerBlock> encoder = new ArrayList<>();
    private final LayerNorm encoderNorm;
    private final List<TransformerBlock> decoder = new ArrayList<>();
    private final LayerNorm decoderNorm;
    private final List<String> moePrefixes = new ArrayList<>();

    /**
     * Builds the model with weights drawn from {@code config.initSeed()}.
     *
     * @param config the configuration
     * @param manager the parent manager of the parameters
     */
    public MoeTransformer(TransformerConfig config, NDManager manager) {
        this.config = config;
        this.parameters = new Parameters(manager, config.dataType());
        SeededRandom random = new SeededRandom(config.initSeed());
        this.embedding = new TokenEmbedding(config, parameters, random);
        for (int i = 0; i < config.encoderLayers(); i++) {
            encoder.add(block("encoder." + i, false, config.isMoeLayer(i), random));
        }
        this.encoderNorm = new LayerNorm(parameters, "encoder.norm", config.modelDim());
        for (int i = 0; i < config.decoderLayers(); i++) {
            decoder.add(block("decoder." + i, true, config.isMoeLayer(i), random));
        }
        this.decoderNorm = new LayerNorm(parameters, "decoder.norm", config.modelDim());
    }

    private TransformerBlock block(String prefix, boolean cross, boolean moe, SeededRandom random) {
        if (moe) {
            moePrefixes.add(prefix + ".moe");
        }
        return new TransformerBlock(config, parameters, prefix, cross, moe, random);
    }

    @Override
    public TransformerConfig config() {
        return config;
    }

    @Override
    public Parameters parameters() {
        return parameters;
    }

    @Override
    public List<String> moeLayerPrefixes() {
        return List.copyOf(moePrefixes);
    }

    @Override
    public List<StackedExperts> expertStacks() {
        return Stream.concat(encoder.stream(), decoder.stream())
                .filter(TransformerBlock::isMoe)
                .map(TransformerBlock::experts)
                .toList();
    }

    /**
     * Encodes source ids.
     *
     * @param source {@code [B][Ls]}, padded with padId
     * @param training training mode for the gates
     * @param random routing noise / RTS generator
     * @return the memory, its mask and the encoder's MoE outputs
     */
    public EncoderOutput encode(int[][] source, boolean training, SeededRandom random) {
        NDArray x = embedding.embed(source, 0); // [B, Ls, d]
        NDArray mask = AttentionMasks.padding(x.getManager(), source, config.padId(), config.dataType());
        List<MoeOutput> moe = new ArrayList<>();
        x = StackRunner.run(
                encoder, x, mask, null, null, StackRunner.active(source, config.padId()), training, random, moe);
        return new EncoderOutput(encoderNorm.forward(x), mask, moe);
    }

    /**
     * Decodes target inputs against an encoded source (teacher forcing).
     *
     * @param encoded the encoder output
     * @param targetIn {@code [B][Lt]}: the language tag, then target tokens
     * @param training training mode for the gates
     * @param random routing noise / RTS generator
     * @return logits {@code [B, Lt, V]} and the decoder's MoE outputs
     */
    public ModelOutput decode(EncoderOutput encoded, int[][] targetIn, boolean training, SeededRandom random) {
        NDArray y = embedding.embed(targetIn, 0); // [B, Lt, d]
        NDArray selfMask = AttentionMasks.causal(y.getManager(), targetIn[0].length, config.dataType())
                .add(AttentionMasks.padding(
                        y.getManager(), targetIn, config.padId(), config.dataType())); // [B,1,Lt,Lt]
        List<MoeOutput> moe = new ArrayList<>();
        y = StackRunner.run(
                decoder,
                y,
                selfMask,
                encoded.memory(),
                encoded.memoryMask(),
                StackRunner.active(targetIn, config.padId()),
                training,
                random,
                moe);
        return new ModelOutput(embedding.logits(decoderNorm.forward(y)), moe);
    }

    /**
     * Full forward pass.
     *
     * @param batch the batch
     * @param training training mode for the gates
     * @param random routing noise / RTS generator
     * @return logits and all MoE outputs (encoder first)
     */
    public ModelOutput forward(Seq2SeqBatch batch, boolean training, SeededRandom random) {
        EncoderOutput encoded = encode(batch.source(), training, random);
        ModelOutput decoded = decode(encoded, batch.targetIn(), training, random);
        List<MoeOutput> moe = new ArrayList<>(encoded.moeOutputs());
        moe.addAll(decoded.moeOutputs());
        return new ModelOutput(decoded.logits(), moe);
    }

    @Override
    public ModelLoss loss(Seq2SeqBatch batch, boolean training, SeededRandom random) {
        ModelOutput out = forward(batch, training, random);
        NDArray crossEntropy = LabelSmoothedCrossEntropy.compute(
                out.logits(), batch.targetOut(), config.padId(), config.labelSmoothing());
        return ModelLoss.of(
                config,
                crossEntropy,
                LabelSmoothedCrossEntropy.countTokens(batch.targetOut(), config.padId()),
                out.moeOutputs());
    }

    /**
     * Starts incremental decoding: projects the encoder memory for every decoder block's
     * cross-attention once.
     *
     * @param encoded the encoder output (its manager must outlive the cache)
     * @return an empty cache; close it when decoding ends
     */
    public DecoderCache startDecoding(EncoderOutput encoded) {
        NDManager owner = encoded.memory().getManager().newSubManager();
        List<LayerCache> layers = new ArrayList<>();
        for (TransformerBlock block : decoder) {
            LayerCache cache = new LayerCache(owner);
            block.cacheMemory(encoded.memory(), cache);
            layers.add(cache);
        }
        return new DecoderCache(owner, layers, encoded.memoryMask());
    }

    /**
     * One incremental decoder step in evaluation mode: feeds one token per row, appends its keys
     * and values to the cache and returns the next-token logits. Run it with the parameters
     * attached to a per-step scratch manager (as {@link #greedyDecode} does); the scratch arrays
     * of the step are freed with that manager. Equals {@link #decode} at the last position when
     * the MoE layers drop nothing.
     *
     * @param cache the cache from {@link #startDecoding}
     * @param tokens the newest token of each row {@code [B]} (the language tag at step 0)
     * @param random generator for RTS
     * @return logits {@code [B, V]}
     */
    public NDArray decodeStep(DecoderCache cache, int[] tokens, SeededRandom random) {
        int[][] column = new int[tokens.length][1];
        for (int b = 0; b < tokens.length; b++) {
            column[b][0] = tokens[b];
        }
        NDArray y = embedding.embed(column, cache.length()); // [B, 1, d]
        for (int i = 0; i < decoder.size(); i++) {
            cache.layers().get(i).lendTo(y.getManager());
        }
        for (int i = 0; i < decoder.size(); i++) {
            y = decoder.get(i).forwardStep(y, cache.layers().get(i), cache.memoryMask(), random); // [B, 1, d]
        }
        cache.advance();
        return embedding.logits(decoderNorm.forward(y)).reshape(tokens.length, config.vocabSize()); // [B, V]
    }

    /**
     * Greedy decoding in evaluation mode with a key/value cache. Manages its own memory: must not
     * be called while the parameters are attached to another step manager.
     *
     * @param source source ids {@code [B][Ls]}, padded with padId
     * @param targetTags the target-language tag of each row (the first decoder input)
     * @param maxSteps the most tokens to generate per row (capped at {@code maxLength - 1}, the
     *     positions the decoder has after the tag)
     * @param eosId the end-of-sequence id (not included in the result)
     * @return the generated ids per row; never padId (see {@link #forbidPadding})
     */
    public int[][] greedyDecode(int[][] source, int[] targetTags, int maxSteps, int eosId) {
        int batch = source.length;
        int steps = Math.min(maxSteps, config.maxLength() - 1);
        List<List<Integer>> generated = new ArrayList<>();
        boolean[] finished = new boolean[batch];
        SeededRandom random = new SeededRandom(0); // only RTS draws from it in evaluation
        try (NDManager decoding = parameters.manager().newSubManager()) {
            parameters.attachTo(decoding);
            EncoderOutput encoded = encode(source, false, random);
            int[] current = targetTags.clone();
            for (int b = 0; b < batch; b++) {
                generated.add(new ArrayList<>());
            }
            try (DecoderCache cache = startDecoding(encoded)) {
                for (int t = 0; t < steps; t++) {
                    int[] next;
                    try (NDManager step = decoding.newSubManager()) {
                        parameters.attachTo(step); // the step's arrays are freed with it
                        next = forbidPadding(decodeStep(cache, current, random))
                                .argMax(1)
                                .toType(DataType.INT32, false)
                                .toIntArray(); // [B]
                    }
                    boolean all = true;
                    for (int b = 0; b < batch; b++) {
                        if (!finished[b]) {
                            if (next[b] == eosId) {
                                finished[b] = true;
                            } else {
                                generated.get(b).add(next[b]);
                            }
                        }
                        all &= finished[b];
                    }
                    if (all) {
                        break;
                    }
                    current = next;
                }
            }
        }
        int[][] result = new int[batch][];
        for (int b = 0; b < batch; b++) {
            result[b] = generated.get(b).stream().mapToInt(Integer::intValue).toArray();
        }
        return result;
    }

    /**
     * Sets the padding logit to −∞ so that decoding never chooses it: a padding input is masked in
     * teacher-forced {@link #decode} but not in {@link #decodeStep}, so after a generated padding
     * token the cached decoder would no longer follow the model's own distribution (and a
     * translation has no use for it). Beam search applies the same rule.
     *
     * @param logits next-token logits {@code [B, V]}
     * @return the logits with column padId at −∞ {@code [B, V]}
     */
    public NDArray forbidPadding(NDArray logits) {
        float[] mask = new float[config.vocabSize()];
        mask[config.padId()] = Float.NEGATIVE_INFINITY;
        return logits.add(logits.getManager().create(mask).toType(logits.getDataType(), false)); // [B, V]
    }

    @Override
    public void close() {
        parameters.close();
    }
}
