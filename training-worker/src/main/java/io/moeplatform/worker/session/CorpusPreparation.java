package io.moeplatform.worker.session;

import io.moeplatform.core.data.CorpusFormat;
import io.moeplatform.core.data.ParallelCorpus;
import io.moeplatform.core.data.ParallelCorpusReader;
import io.moeplatform.core.data.SentencePair;
import io.moeplatform.core.tokenize.BpeTokenizer;
import io.moeplatform.core.tokenize.BpeTrainer;
import io.moeplatform.worker.spec.JobSpec;
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
 * The data preparation of the engine: reads the dataset's normalised TSV with the moe-core
 * importer, splits it deterministically into train and validation ({@link #isValidation}: a hash
 * of the pair and the job's seed, so the split does not depend on line order), and trains one
 * byte-level BPE vocabulary for all languages on the training split, with a language tag per
 * target language.
 */
public class CorpusPreparation implements DataPreparation {

  /** Share of pairs held out for validation. */
  static final double VALIDATION_SHARE = 0.03;

  @Override
  public void prepare(JobSpec spec, Path corpusTsv, Path outDir) {
    try {
      ParallelCorpus corpus;
      try (InputStream in = Files.newInputStream(corpusTsv)) {
        corpus = new ParallelCorpusReader().read(in, CorpusFormat.TSV, corpusTsv.getFileName().toString());
      }
      long seed = spec.schedule().seed();
      List<SentencePair> train = new ArrayList<>();
      List<SentencePair> valid = new ArrayList<>();
      for (SentencePair p : corpus.pairs()) {
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
      BpeTokenizer tokenizer =
          BpeTrainer.builder()
              .setLanguages(languages)
              .optVocabSize(spec.model().vocabSize())
              .build()
              .train(sentences);
      tokenizer.save(outDir.resolve("tokenizer.json"));
      write(outDir.resolve("train.tsv"), train);
      write(outDir.resolve("valid.tsv"), valid);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean isValidation(SentencePair p, long seed) {
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
