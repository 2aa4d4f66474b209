package io.moeplatform.core.run;

import io.moeplatform.core.data.CorpusFormat;
import io.moeplatform.core.data.ParallelCorpus;
import io.moeplatform.core.data.ParallelCorpusReader;
import io.moeplatform.core.data.SentencePair;
import io.moeplatform.core.tokenize.BpeTokenizer;
import io.moeplatform.core.tokenize.BpeTrainer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Turns a parallel corpus into what training reads ({@link #OUTPUTS}): a deterministic
 * train/validation split ({@link #isValidation}: a hash of the pair and the seed, so the split does
 * not depend on line order) and one byte-level BPE vocabulary for all languages trained on the
 * training split, with a language tag per language.
 */
public final class CorpusPreparation {

    /** The files {@link #prepare} writes. */
    public static final List<String> OUTPUTS = List.of("tokenizer.json", "train.tsv", "valid.tsv");

    /** Share of pairs held out for validation. */
    static final double VALIDATION_SHARE = 0.03;

    private CorpusPreparation() {}

    /**
     * @param corpus a corpus in any format the importer reads (TSV, JSONL, PO, MO)
     * @param outDir where to write {@link #OUTPUTS}
     * @param vocabSize size of the shared vocabulary, language tags included
     * @param seed seed of the split
     */
    public static void prepare(Path corpus, Path outDir, int vocabSize, long seed) {
        try {
            ParallelCorpus pairs;
            if (corpus.getFileName().toString().endsWith(".tsv")) {
                try (InputStream in = Files.newInputStream(corpus)) {
                    pairs = new ParallelCorpusReader()
                            .read(in, CorpusFormat.TSV, corpus.getFileName().toString());
                }
            } else {
                pairs = new ParallelCorpusReader().read(corpus);
            }
            List<SentencePair> train = new ArrayList<>();
            List<SentencePair> valid = new ArrayList<>();
            for (SentencePair p : pairs.pairs()) {
                (isValidation(p, seed) ? valid : train).add(p);
            }
            if (valid.isEmpty() && train.size() > 1) {
                valid.add(train.removeLast());
            }
            TreeSet<String> languages = new TreeSet<>();
            List<String> sentences = new ArrayList<>(train.size() * 2);
            for (SentencePair p : train) {
                languages.add(p.tgtLang());
                languages.add(p.srcLang());
                sentences.add(p.src());
                sentences.add(p.tgt());
            }
            BpeTokenizer tokenizer = BpeTrainer.builder()
                    .setLanguages(languages)
                    .optVocabSize(vocabSize)
                    .build()
                    .train(sentences);
            Files.createDirectories(outDir);
            tokenizer.save(outDir.resolve("tokenizer.json"));
            write(outDir.resolve("train.tsv"), train);
            write(outDir.resolve("valid.tsv"), valid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a pair is held out: about {@link #VALIDATION_SHARE} of pairs, chosen by hash. */
    public static boolean isValidation(SentencePair p, long seed) {
        long h = seed * 0x9E3779B97F4A7C15L;
        for (String s : List.of(p.srcLang(), p.tgtLang(), p.src(), p.tgt())) {
            h = (h ^ s.hashCode()) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return Math.floorMod(h, 10_000) < VALIDATION_SHARE * 10_000;
    }

    static void write(Path file, List<SentencePair> pairs) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("src_lang\ttgt_lang\tsrc\ttgt\n");
            for (SentencePair p : pairs) {
                w.write(p.srcLang() + "\t" + p.tgtLang() + "\t" + p.src() + "\t" + p.tgt() + "\n");
            }
        }
    }
}
