package io.moeplatform.core.run;

import ai.djl.ndarray.NDManager;
import io.moeplatform.core.checkpoint.Checkpoint;
import io.moeplatform.core.decode.BeamSearch;
import io.moeplatform.core.decode.BeamSearchConfig;
import io.moeplatform.core.decode.Hypothesis;
import io.moeplatform.core.model.MoeTransformer;
import io.moeplatform.core.model.Seq2SeqBatch;
import io.moeplatform.core.tokenize.BpeTokenizer;
import io.moeplatform.core.tokenize.SpecialTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Translates with a trained checkpoint: the model of the checkpoint's {@code config.json} and
 * the tokenizer saved beside it, greedy or beam-search decoding into the language whose tag
 * starts the decoder.
 *
 * <pre>{@code
 * try (Translator t = Translator.load(Path.of("runs/x/checkpoints/step-001000"))) {
 *   List<String> german = t.translate(List.of("File not found"), "de");
 *   List<String> beamed = t.translate(List.of("File not found"), "de",
 *       BeamSearchConfig.builder().optBeamSize(4).optLengthPenalty(1.0).build());
 * }
 * }</pre>
 */
public final class Translator implements AutoCloseable {

    /** The tokenizer's file name in a checkpoint directory. */
    public static final String TOKENIZER_FILE = "tokenizer.json";

    private final NDManager manager;
    private final MoeTransformer model;
    private final BpeTokenizer tokenizer;

    private Translator(NDManager manager, MoeTransformer model, BpeTokenizer tokenizer) {
        this.manager = manager;
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /** Loads a checkpoint directory that holds {@value #TOKENIZER_FILE}. */
    public static Translator load(Path checkpoint) {
        return load(checkpoint, checkpoint.resolve(TOKENIZER_FILE));
    }

    /** Loads a checkpoint directory and a tokenizer kept elsewhere. */
    public static Translator load(Path checkpoint, Path tokenizerJson) {
        if (!Files.exists(tokenizerJson)) {
            throw new IllegalArgumentException("no tokenizer at " + tokenizerJson);
        }
        NDManager manager = NDManager.newBaseManager();
        try {
            BpeTokenizer tokenizer = BpeTokenizer.load(tokenizerJson);
            MoeTransformer model =
                    new MoeTransformer(Checkpoint.readConfig(checkpoint).model(), manager);
            Checkpoint.loadWeights(checkpoint, model);
            if (tokenizer.vocabSize() != model.config().vocabSize()) {
                throw new IllegalArgumentException("tokenizer " + tokenizerJson + " has " + tokenizer.vocabSize()
                        + " tokens but the checkpoint's model has "
                        + model.config().vocabSize());
            }
            return new Translator(manager, model, tokenizer);
        } catch (IOException e) {
            manager.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The languages this model can translate into. */
    public List<String> languages() {
        return tokenizer.languages();
    }

    /** Greedy translations of {@code sources} into {@code targetLanguage}, 32 sentences a batch. */
    public List<String> translate(List<String> sources, String targetLanguage) {
        return translate(
                sources,
                targetLanguage,
                (padded, tags, eos) ->
                        model.greedyDecode(padded, tags, model.config().maxLength() - 1, eos));
    }

    /**
     * Beam-search translations of {@code sources} into {@code targetLanguage}, 32 sentences (32·K
     * decoder rows) a batch.
     */
    public List<String> translate(List<String> sources, String targetLanguage, BeamSearchConfig beamSearch) {
        BeamSearch search = new BeamSearch(model, beamSearch);
        return translate(
                sources,
                targetLanguage,
                (padded, tags, eos) -> search.decode(padded, tags, eos).stream()
                        .map(Hypothesis::tokens)
                        .toArray(int[][]::new));
    }

    /** A decoding strategy: padded source ids and tags in, generated ids (without eos) out. */
    private interface Decoder {
        int[][] decode(int[][] paddedSources, int[] targetTags, int eosId);
    }

    private List<String> translate(List<String> sources, String targetLanguage, Decoder decoder) {
        int tag = tokenizer.id(SpecialTokens.languageTag(targetLanguage));
        if (tag < 0) {
            throw new IllegalArgumentException(
                    "the model has no target language " + targetLanguage + "; it knows " + tokenizer.languages());
        }
        int eos = tokenizer.id(SpecialTokens.EOS);
        int pad = tokenizer.id(SpecialTokens.PAD);
        int maxLength = model.config().maxLength() - 1;
        List<String> out = new ArrayList<>(sources.size());
        for (int from = 0; from < sources.size(); from += 32) {
            List<String> chunk = sources.subList(from, Math.min(sources.size(), from + 32));
            int[][] ids = new int[chunk.size()][];
            int longest = 1;
            for (int i = 0; i < chunk.size(); i++) {
                int[] body = tokenizer.encode(chunk.get(i));
                int[] source = Arrays.copyOf(body, Math.min(body.length, maxLength - 1) + 1);
                source[source.length - 1] = eos;
                ids[i] = source;
                longest = Math.max(longest, source.length);
            }
            int[][] padded = Seq2SeqBatch.pad(Arrays.asList(ids), longest, pad);
            int[] tags = new int[ids.length];
            Arrays.fill(tags, tag);
            for (int[] generated : decoder.decode(padded, tags, eos)) {
                out.add(tokenizer.decode(generated, true));
            }
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
        manager.close();
    }
}
