package io.moeplatform.core.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.moeplatform.core.data.ParallelCorpus;
import io.moeplatform.core.data.ParallelCorpusReader;
import io.moeplatform.core.data.SentencePair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our trainer's {@code tokenizer.json}, loaded by DJL's Hugging Face tokenizers (Rust), gives the
 * same ids and the same decoded text as our Java encoder, on the 24-language sample corpus.
 */
class DjlParityTest {

    @Test
    void identicalIdsOnTheSampleCorpus(@TempDir Path dir) throws IOException {
        ParallelCorpusReader reader = new ParallelCorpusReader();
        Path corpus = Path.of("..", "samples", "corpus");
        ParallelCorpus train = reader.read(corpus.resolve("train.tsv"));
        // train on the first 300 pairs of every language pair: small enough for a unit test
        Map<String, Integer> taken = new HashMap<>();
        List<String> text = new ArrayList<>();
        TreeSet<String> langs = new TreeSet<>();
        for (SentencePair p : train.pairs()) {
            langs.add(p.tgtLang());
            if (taken.merge(p.tgtLang(), 1, Integer::sum) <= 300) {
                text.add(p.src());
                text.add(p.tgt());
            }
        }
        BpeTokenizer ours = BpeTrainer.builder()
                .setLanguages(langs)
                .optVocabSize(3000)
                .build()
                .train(text);
        Path file = dir.resolve("tokenizer.json");
        ours.save(file);

        List<String> probe = new ArrayList<>();
        for (String split : List.of("valid.tsv", "test.tsv")) {
            for (SentencePair p : reader.read(corpus.resolve(split)).pairs()) {
                probe.add(p.src());
                probe.add(p.tgt());
            }
        }
        probe.add("<2de>Hallo Welt</s> and <s>"); // special tokens inside text
        probe.add("  two  spaces,\ttab and trailing space ");
        probe.add("emoji 😀 and combining é");

        int compared = 0;
        try (HuggingFaceTokenizer djl = HuggingFaceTokenizers.load(file)) {
            assertThat(djl.encode("x", false, false).getIds()).hasSize(1);
            for (String s : probe) {
                Encoding e = djl.encode(s, false, false);
                long[] theirs = e.getIds();
                int[] mine = ours.encode(s);
                assertThat(toLong(mine)).as(s).containsExactly(theirs);
                assertThat(ours.decode(mine, true)).as(s).isEqualTo(djl.decode(theirs, true));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(5000);
    }

    private static long[] toLong(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }
}
