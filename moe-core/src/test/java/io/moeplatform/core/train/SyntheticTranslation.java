package io.moeplatform.core.train;

import io.moeplatform.core.model.Seq2SeqBatch;
import io.moeplatform.core.tensor.SeededRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A synthetic many-to-many translation task: the target is the source reversed, each token
 * mapped through a permutation chosen by the target-language tag.
 *
 * <p>Vocabulary: 0 pad, 1 eos, 2.. language tags, then {@code alphabet} content tokens. Public
 * for the decoding tests, which train on it too.
 */
public final class SyntheticTranslation {

    public static final int PAD = 0;
    public static final int EOS = 1;

    public final int languages;
    final int alphabet;
    final int minLength;
    final int maxLength;
    private final int[][] permutations;

    public SyntheticTranslation(int languages, int alphabet, int minLength, int maxLength, long seed) {
        this.languages = languages;
        this.alphabet = alphabet;
        this.minLength = minLength;
        this.maxLength = maxLength;
        SeededRandom random = new SeededRandom(seed);
        permutations = new int[languages][alphabet];
        for (int l = 0; l < languages; l++) {
            for (int i = 0; i < alphabet; i++) {
                permutations[l][i] = i;
            }
            for (int i = alphabet - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = permutations[l][i];
                permutations[l][i] = permutations[l][j];
                permutations[l][j] = swap;
            }
        }
    }

    public int vocabSize() {
        return 2 + languages + alphabet;
    }

    public int tag(int language) {
        return 2 + language;
    }

    public int[] translate(int[] source, int language) {
        int first = 2 + languages;
        int[] target = new int[source.length];
        for (int i = 0; i < source.length; i++) {
            target[source.length - 1 - i] = first + permutations[language][source[i] - first];
        }
        return target;
    }

    /** A batch drawn from {@code random}: the same generator state gives the same batch. */
    public Seq2SeqBatch batch(int size, SeededRandom random) {
        List<int[]> sources = new ArrayList<>();
        List<int[]> targets = new ArrayList<>();
        int[] tags = new int[size];
        for (int b = 0; b < size; b++) {
            int length = minLength + random.nextInt(maxLength - minLength + 1);
            int[] source = new int[length];
            for (int i = 0; i < length; i++) {
                source[i] = 2 + languages + random.nextInt(alphabet);
            }
            int language = random.nextInt(languages);
            sources.add(source);
            targets.add(translate(source, language));
            tags[b] = tag(language);
        }
        return Seq2SeqBatch.forTranslation(sources, tags, targets, PAD, EOS);
    }
}
