package io.moeplatform.core.tokenize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Trains a byte-level BPE vocabulary shared by all languages (Sennrich et al., 2016, over bytes
 * as in GPT-2).
 *
 * <ol>
 *   <li>Pre-tokenize every sentence ({@link ByteLevel#preTokenize}) and count distinct pieces.
 *   <li>Start from the special tokens, the language tags and the 256 byte symbols.
 *   <li>Repeat until the vocabulary has {@code vocabSize} tokens or no pair occurs {@code
 *       minFrequency} times: take the most frequent adjacent pair of symbols (frequency weighted by
 *       piece counts; ties to the lower (left, right) ids), add the merged symbol, and rewrite the
 *       pieces that contain it, updating pair counts incrementally.
 * </ol>
 *
 * Deterministic: the same sentences (in any order) give the same vocabulary. Training is balanced
 * only as far as the input is: feed it a temperature-sampled mix ({@code
 * io.moeplatform.core.data.TemperatureSampler}) so that small languages get merges too.
 *
 * <pre>{@code
 * BpeTokenizer tok = BpeTrainer.builder().optVocabSize(8000).setLanguages(List.of("de", "fr"))
 *     .build().train(sentences);
 * tok.save(Path.of("tokenizer.json"));
 * }</pre>
 */
public final class BpeTrainer {

    private final int vocabSize;
    private final int minFrequency;
    private final List<String> languages;

    private BpeTrainer(Builder b) {
        this.vocabSize = b.vocabSize;
        this.minFrequency = b.minFrequency;
        this.languages = List.copyOf(new TreeSet<>(b.languages));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Trains on the given sentences. */
    public BpeTokenizer train(Iterable<String> sentences) {
        // 1. distinct pieces and their counts, sorted for determinism
        Map<String, Integer> counts = new TreeMap<>();
        for (String s : sentences) {
            for (String piece : ByteLevel.preTokenize(s)) {
                counts.merge(piece, 1, Integer::sum);
            }
        }
        // 2. initial vocabulary
        List<String> vocab = new ArrayList<>(SpecialTokens.FIXED);
        for (String lang : languages) {
            vocab.add(SpecialTokens.languageTag(lang));
        }
        int specialCount = vocab.size();
        Map<String, Integer> ids = new HashMap<>();
        for (int b = 0; b < 256; b++) {
            String c = String.valueOf(ByteLevel.byteChar(b));
            ids.put(c, vocab.size());
            vocab.add(c);
        }
        int[][] words = new int[counts.size()][];
        long[] freq = new long[counts.size()];
        int w = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            String piece = e.getKey();
            words[w] = new int[piece.length()];
            for (int i = 0; i < piece.length(); i++) {
                words[w][i] = ids.get(String.valueOf(piece.charAt(i)));
            }
            freq[w++] = e.getValue();
        }
        // 3. pair counts, where each pair occurs, and a max-queue with lazy deletion
        Map<Long, Long> pairCount = new HashMap<>();
        Map<Long, Set<Integer>> where = new HashMap<>();
        for (w = 0; w < words.length; w++) {
            for (int i = 0; i + 1 < words[w].length; i++) {
                long k = BpeTokenizer.key(words[w][i], words[w][i + 1]);
                pairCount.merge(k, freq[w], Long::sum);
                where.computeIfAbsent(k, x -> new HashSet<>()).add(w);
            }
        }
        PriorityQueue<long[]> queue =
                new PriorityQueue<>((x, y) -> x[0] != y[0] ? Long.compare(y[0], x[0]) : Long.compare(x[1], y[1]));
        pairCount.forEach((k, c) -> queue.add(new long[] {c, k}));
        List<String[]> merges = new ArrayList<>();
        while (vocab.size() < vocabSize && !queue.isEmpty()) {
            long[] top = queue.poll();
            long k = top[1];
            long current = pairCount.getOrDefault(k, 0L);
            if (current != top[0]) {
                if (current > 0) {
                    queue.add(new long[] {current, k});
                }
                continue;
            }
            if (current < minFrequency) {
                break;
            }
            int a = (int) (k >>> 32);
            int b = (int) k;
            String merged = vocab.get(a) + vocab.get(b);
            int id = vocab.size();
            vocab.add(merged);
            merges.add(new String[] {vocab.get(a), vocab.get(b)});
            Set<Long> touched = new HashSet<>();
            for (int wi : new TreeSet<>(where.remove(k))) {
                int[] old = words[wi];
                int[] neu = new int[old.length];
                int n = 0;
                for (int i = 0; i < old.length; i++) {
                    if (i + 1 < old.length && old[i] == a && old[i + 1] == b) {
                        neu[n++] = id;
                        i++;
                    } else {
                        neu[n++] = old[i];
                    }
                }
                if (n == old.length) {
                    continue; // stale entry of the index
                }
                for (int i = 0; i + 1 < old.length; i++) {
                    long pk = BpeTokenizer.key(old[i], old[i + 1]);
                    pairCount.merge(pk, -freq[wi], Long::sum);
                    touched.add(pk);
                }
                int[] word = Arrays.copyOf(neu, n);
                words[wi] = word;
                for (int i = 0; i + 1 < n; i++) {
                    long pk = BpeTokenizer.key(word[i], word[i + 1]);
                    pairCount.merge(pk, freq[wi], Long::sum);
                    where.computeIfAbsent(pk, x -> new HashSet<>()).add(wi);
                    touched.add(pk);
                }
            }
            pairCount.remove(k);
            touched.remove(k);
            for (long pk : touched) {
                long c = pairCount.getOrDefault(pk, 0L);
                if (c > 0) {
                    queue.add(new long[] {c, pk});
                } else {
                    pairCount.remove(pk);
                }
            }
        }
        return new BpeTokenizer(vocab, merges, specialCount);
    }

    /**
     * Options of {@link BpeTrainer}.
     *
     * <ul>
     *   <li>{@code setLanguages}: the target languages, one {@code <2xx>} tag each (required, may be
     *       empty).
     *   <li>{@code optVocabSize} (8000): the total vocabulary, special and byte tokens included; must
     *       exceed those (4 + languages + 256). Larger vocabularies give shorter sequences but rarer,
     *       less trained embeddings.
     *   <li>{@code optMinFrequency} (2): a pair seen fewer times is never merged.
     * </ul>
     */
    public static final class Builder {
        private int vocabSize = 8000;
        private int minFrequency = 2;
        private Collection<String> languages;

        private Builder() {}

        public Builder setLanguages(Collection<String> languages) {
            this.languages = languages;
            return this;
        }

        public Builder optVocabSize(int vocabSize) {
            this.vocabSize = vocabSize;
            return this;
        }

        public Builder optMinFrequency(int minFrequency) {
            this.minFrequency = minFrequency;
            return this;
        }

        /** Validates and builds. */
        public BpeTrainer build() {
            if (languages == null) {
                throw new IllegalArgumentException("languages must be set (setLanguages)");
            }
            for (String l : languages) {
                if (l.isEmpty() || l.contains(">") || l.contains(" ")) {
                    throw new IllegalArgumentException("language '" + l + "' cannot be a tag");
                }
            }
            int base = SpecialTokens.FIXED.size() + new TreeSet<>(languages).size() + 256;
            if (vocabSize <= base) {
                throw new IllegalArgumentException(
                        "vocabSize (" + vocabSize + ") must exceed the " + base + " special, language and byte tokens");
            }
            if (minFrequency < 1) {
                throw new IllegalArgumentException("minFrequency (" + minFrequency + ") must be >= 1");
            }
            return new BpeTrainer(this);
        }
    }
}
