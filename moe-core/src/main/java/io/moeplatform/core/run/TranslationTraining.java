package io.moeplatform.core.run;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.moeplatform.core.checkpoint.Checkpoint;
import io.moeplatform.core.data.Batch;
import io.moeplatform.core.data.CorpusFormat;
import io.moeplatform.core.data.LanguagePair;
import io.moeplatform.core.data.ParallelCorpusReader;
import io.moeplatform.core.data.SentencePair;
import io.moeplatform.core.data.TemperatureSampler;
import io.moeplatform.core.data.TokenBatcher;
import io.moeplatform.core.data.TokenizedPair;
import io.moeplatform.core.eval.Bleu;
import io.moeplatform.core.gate.DropPolicy;
import io.moeplatform.core.gate.GateConfig;
import io.moeplatform.core.model.ModelLoss;
import io.moeplatform.core.model.MoeTransformer;
import io.moeplatform.core.model.Seq2SeqBatch;
import io.moeplatform.core.model.TransformerConfig;
import io.moeplatform.core.spec.JobSpec;
import io.moeplatform.core.tensor.NoGrad;
import io.moeplatform.core.tensor.SeededRandom;
import io.moeplatform.core.tokenize.BpeTokenizer;
import io.moeplatform.core.tokenize.SpecialTokens;
import io.moeplatform.core.train.StepMetrics;
import io.moeplatform.core.train.Trainer;
import io.moeplatform.core.train.TrainerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Training of a many-to-many MoE encoder-decoder ({@link MoeTransformer}) by {@link Trainer} on
 * the outputs of {@link CorpusPreparation}: {@code tokenizer.json}, {@code train.tsv}, {@code
 * valid.tsv}.
 *
 * <p>Data order is a pure function of the seed and the step: epoch {@code e} is the training
 * split resampled over language pairs with temperature 5 ({@link TemperatureSampler}, seed
 * {@code seed + e}) and cut into token-budget batches ({@link TokenBatcher}); step {@code s}
 * takes the next {@code accumulation} batches. So a session restored from a checkpoint at step
 * {@code n} continues with exactly the batches that an uninterrupted run would have used.
 *
 * <p>Sequences: source {@code tokens </s>}; the target-language tag is the first decoder input
 * (see {@link Seq2SeqBatch}). Both are cut to the model's maximum length.
 */
public final class TranslationTraining implements AutoCloseable {

    /**
     * Validation uses at most this many pairs of each language pair, so that every pair is scored
     * and a checkpoint's validation stays cheap however large the corpus.
     */
    static final int VALIDATION_PER_PAIR = 32;

    /**
     * What a run needs besides its data.
     *
     * @param model the model; its vocabulary size and padding id are taken from the tokenizer, and
     *     its maximum length raised to {@code maxLength + 1} (the decoder input carries the tag)
     * @param trainer optimiser and schedule
     * @param batchTokens token budget of a batch (longest sentence × sentences)
     * @param accumulation micro-batches per optimiser step
     * @param maxLength sequences are cut to this many tokens
     * @param seed seed of the data order
     */
    public record Settings(
            TransformerConfig model,
            TrainerConfig trainer,
            int batchTokens,
            int accumulation,
            int maxLength,
            long seed) {

        /** The settings of a spec (with its defaults applied). */
        public static Settings of(JobSpec spec) {
            JobSpec.Model m = spec.model();
            JobSpec.Moe e = spec.moe();
            JobSpec.Schedule s = spec.schedule();
            TransformerConfig model = TransformerConfig.builder()
                    .setVocabSize(m.vocabSize())
                    .optModelDim(m.dModel())
                    .optHeads(m.heads())
                    .optFfnHidden(m.ffnHidden())
                    .optExpertHidden(m.ffnHidden())
                    .optEncoderLayers(m.encoderLayers())
                    .optDecoderLayers(m.decoderLayers())
                    .optMoeEvery(e.moeEvery())
                    .optMaxLength(m.maxLength() + 1)
                    .optLabelSmoothing(s.labelSmoothing())
                    .optAuxLossWeight(e.auxLossWeight())
                    .optZLossWeight(e.zLossWeight())
                    .optGate(GateConfig.builder()
                            .setExperts(e.experts())
                            .optTopK(e.topK())
                            .optTrainCapacityFactor(e.capacityFactor())
                            .optEvalCapacityFactor(e.evalCapacityFactor())
                            .optMinCapacity(e.minCapacity())
                            .optDropPolicy(DropPolicy.valueOf(e.dropPolicy()))
                            .build())
                    .optInitSeed(s.seed())
                    .build();
            TrainerConfig trainer = TrainerConfig.builder()
                    .optPeakLearningRate(s.learningRate())
                    .optWarmupSteps(s.warmupSteps())
                    .optMaxGradNorm(s.gradientClip())
                    .optSeed(s.seed())
                    .build();
            return new Settings(model, trainer, s.batchTokens(), s.accumulation(), m.maxLength(), s.seed());
        }
    }

    private final Settings settings;
    private final BpeTokenizer tokenizer;
    private final NDManager manager;
    private final MoeTransformer model;
    private final Trainer<Seq2SeqBatch> trainer;
    private final Map<LanguagePair, List<TokenizedPair>> train;
    private final List<TokenizedPair> valid;
    private final List<SentencePair> validText;
    private final TemperatureSampler sampler;
    private final TokenBatcher batcher;
    private final int padId;
    private final int eosId;
    private final int maxLength;
    private final List<List<Batch>> epochs = new ArrayList<>();
    private final long trainPairs;

    private TranslationTraining(Settings settings, Path dataDir) throws IOException {
        this.settings = settings;
        this.tokenizer = BpeTokenizer.load(dataDir.resolve("tokenizer.json"));
        this.padId = tokenizer.id(SpecialTokens.PAD);
        this.eosId = tokenizer.id(SpecialTokens.EOS);
        this.maxLength = settings.maxLength();
        List<SentencePair> trainText = read(dataDir.resolve("train.tsv"));
        this.validText = perPair(read(dataDir.resolve("valid.tsv")), VALIDATION_PER_PAIR);
        this.train = new TreeMap<>();
        for (SentencePair p : trainText) {
            train.computeIfAbsent(p.languages(), k -> new ArrayList<>()).add(tokenize(p));
        }
        this.trainPairs = trainText.size();
        this.valid = validText.stream().map(this::tokenize).toList();
        Map<LanguagePair, Long> sizes = new LinkedHashMap<>();
        train.forEach((pair, list) -> sizes.put(pair, (long) list.size()));
        this.sampler = new TemperatureSampler(sizes, TemperatureSampler.DEFAULT_TEMPERATURE);
        this.batcher = new TokenBatcher(settings.batchTokens(), Integer.MAX_VALUE);

        this.manager = NDManager.newBaseManager();
        TransformerConfig template = settings.model();
        this.model = new MoeTransformer(
                template.toBuilder()
                        .setVocabSize(tokenizer.vocabSize())
                        .optPadId(padId)
                        .optMaxLength(Math.max(template.maxLength(), maxLength + 1))
                        .build(),
                manager);
        this.trainer = new Trainer<>(model, settings.trainer());
    }

    /** Opens a run on the outputs of {@link CorpusPreparation#prepare} in {@code dataDir}. */
    public static TranslationTraining open(Settings settings, Path dataDir) {
        try {
            return new TranslationTraining(settings, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The model being trained. */
    public MoeTransformer model() {
        return model;
    }

    /** The tokenizer of the run. */
    public BpeTokenizer tokenizer() {
        return tokenizer;
    }

    private TokenizedPair tokenize(SentencePair p) {
        int[] body = tokenizer.encode(p.src());
        int[] source = Arrays.copyOf(body, Math.min(body.length, maxLength - 1) + 1);
        source[source.length - 1] = eosId;
        int[] target = tokenizer.encode(p.tgt());
        if (target.length > maxLength - 1) {
            target = Arrays.copyOf(target, maxLength - 1);
        }
        return new TokenizedPair(p.languages(), source, target);
    }

    private static List<SentencePair> read(Path tsv) throws IOException {
        try (InputStream in = Files.newInputStream(tsv)) {
            return new ParallelCorpusReader()
                    .read(in, CorpusFormat.TSV, tsv.getFileName().toString())
                    .pairs();
        }
    }

    /** Optimiser steps completed. */
    public long step() {
        return trainer.stepCount();
    }

    /** Runs one optimiser step over the next {@code accumulation} batches. */
    public StepMetrics trainStep() {
        int accumulation = settings.accumulation();
        List<Seq2SeqBatch> micro = new ArrayList<>(accumulation);
        for (int i = 0; i < accumulation; i++) {
            micro.add(
                    toModelBatch(batchAt(trainer.stepCount() * accumulation + i).examples()));
        }
        return trainer.step(micro);
    }

    /** The {@code index}-th batch of the endless, deterministic sequence of epochs. */
    private Batch batchAt(long index) {
        int epoch = 0;
        while (true) {
            List<Batch> batches = epoch(epoch);
            if (index < batches.size()) {
                return batches.get((int) index);
            }
            index -= batches.size();
            epoch++;
        }
    }

    private List<Batch> epoch(int e) {
        while (epochs.size() <= e) {
            long seed = settings.seed() + epochs.size();
            List<TokenizedPair> sample = sampler.resample(train, trainPairs, seed);
            List<Batch> batches = batcher.batch(sample, seed).batches();
            if (batches.isEmpty()) {
                throw new IllegalStateException("no training batch fits batchTokens (" + settings.batchTokens() + ")");
            }
            epochs.add(batches);
        }
        return epochs.get(e);
    }

    private Seq2SeqBatch toModelBatch(List<TokenizedPair> pairs) {
        List<int[]> sources = new ArrayList<>(pairs.size());
        List<int[]> targets = new ArrayList<>(pairs.size());
        int[] tags = new int[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            TokenizedPair p = pairs.get(i);
            sources.add(p.source());
            targets.add(p.target());
            tags[i] = tag(p.languages().tgt());
        }
        return Seq2SeqBatch.forTranslation(sources, tags, targets, padId, eosId);
    }

    private int tag(String language) {
        int id = tokenizer.id(SpecialTokens.languageTag(language));
        if (id < 0) {
            throw new IllegalArgumentException("the tokenizer has no tag for target language " + language);
        }
        return id;
    }

    /**
     * Writes model, optimiser and generator state (the engine's checkpoint format), and the
     * tokenizer, so that the directory alone translates ({@link Translator#load}).
     */
    public void save(Path dir) {
        Checkpoint.save(dir, trainer);
        try {
            tokenizer.save(dir.resolve(Translator.TOKENIZER_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Restores what {@link #save} wrote; refuses a checkpoint of another model shape. */
    public void load(Path dir) {
        Checkpoint.load(dir, trainer);
    }

    /** The first {@code limit} pairs of each language pair, in file order. */
    static List<SentencePair> perPair(List<SentencePair> pairs, int limit) {
        Map<LanguagePair, Integer> taken = new HashMap<>();
        List<SentencePair> out = new ArrayList<>();
        for (SentencePair p : pairs) {
            if (taken.merge(p.languages(), 1, Integer::sum) <= limit) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Mean per-token cross-entropy over the validation pairs (up to {@value #VALIDATION_PER_PAIR}
     * of each language pair).
     */
    public double validationLoss() {
        if (valid.isEmpty()) {
            return Double.NaN;
        }
        double weighted = 0;
        long tokens = 0;
        SeededRandom random = new SeededRandom(0);
        for (int from = 0; from < valid.size(); from += 32) {
            List<TokenizedPair> chunk = valid.subList(from, Math.min(valid.size(), from + 32));
            // NoGrad: evaluation records no graph, whatever the calling thread's grad mode
            try (NoGrad off = NoGrad.enter();
                    NDManager scope = model.parameters().manager().newSubManager()) {
                model.parameters().attachTo(scope);
                ModelLoss loss = model.loss(toModelBatch(chunk), false, random);
                weighted += loss.crossEntropy().toType(DataType.FLOAT64, false).getDouble() * loss.targetTokens();
                tokens += loss.targetTokens();
            }
        }
        return weighted / tokens;
    }

    /**
     * Corpus BLEU (sacreBLEU defaults) per language pair over up to {@code maxSentences} each, in
     * pair order; name a pair by its {@link LanguagePair#key()}.
     */
    public Map<LanguagePair, Double> bleuByPair(int maxSentences) {
        Map<LanguagePair, List<SentencePair>> byPair = new TreeMap<>();
        for (SentencePair p : validText) {
            List<SentencePair> list = byPair.computeIfAbsent(p.languages(), k -> new ArrayList<>());
            if (list.size() < maxSentences) {
                list.add(p);
            }
        }
        Map<LanguagePair, Double> bleu = new LinkedHashMap<>();
        for (var entry : byPair.entrySet()) {
            List<SentencePair> pairs = entry.getValue();
            List<String> hypotheses = translate(pairs);
            List<String> references = pairs.stream().map(SentencePair::tgt).toList();
            bleu.put(
                    entry.getKey(),
                    Bleu.defaults().corpusScore(hypotheses, List.of(references)).score());
        }
        return bleu;
    }

    /** Greedy translations of the pairs' sources into their target languages. */
    public List<String> translate(List<SentencePair> pairs) {
        List<String> out = new ArrayList<>(pairs.size());
        for (int from = 0; from < pairs.size(); from += 32) {
            List<SentencePair> chunk = pairs.subList(from, Math.min(pairs.size(), from + 32));
            int[][] sources = new int[chunk.size()][];
            int[] tags = new int[chunk.size()];
            int longest = 1;
            for (int i = 0; i < chunk.size(); i++) {
                TokenizedPair t = tokenize(chunk.get(i));
                tags[i] = tag(chunk.get(i).tgtLang());
                longest = Math.max(longest, t.source().length);
                sources[i] = t.source();
            }
            int[][] padded = Seq2SeqBatch.pad(Arrays.asList(sources), longest, padId);
            try (NoGrad off = NoGrad.enter()) {
                for (int[] ids : model.greedyDecode(padded, tags, maxLength - 1, eosId)) {
                    out.add(tokenizer.decode(ids, true));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
        manager.close();
    }
}
