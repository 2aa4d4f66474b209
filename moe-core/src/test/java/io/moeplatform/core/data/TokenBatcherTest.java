package io.moeplatform.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenBatcherTest {

    private static List<TokenizedPair> pairs(int n, long seed) {
        Random r = new Random(seed);
        List<TokenizedPair> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LanguagePair lp = new LanguagePair("en", i % 3 == 0 ? "de" : "ja");
            out.add(new TokenizedPair(lp, new int[2 + r.nextInt(60)], new int[2 + r.nextInt(60)]));
        }
        out.add(new TokenizedPair(new LanguagePair("en", "de"), new int[300], new int[5])); // too long
        return out;
    }

    @Test
    void everyPairOnceWithinTheBudget() {
        List<TokenizedPair> in = pairs(2000, 1);
        TokenBatcher.Result r = new TokenBatcher(256, Integer.MAX_VALUE).batch(in, 42);
        assertThat(r.skipped()).isEqualTo(1);
        Map<TokenizedPair, Integer> seen = new IdentityHashMap<>();
        for (Batch b : r.batches()) {
            assertThat(b.paddedTokens()).isLessThanOrEqualTo(256);
            b.examples().forEach(p -> seen.merge(p, 1, Integer::sum));
        }
        assertThat(seen).hasSize(2000);
        assertThat(seen.values()).containsOnly(1);
    }

    @Test
    void lengthBucketingKeepsPaddingLowAndBatchesFull() {
        List<TokenizedPair> in = pairs(2000, 2);
        TokenBatcher.Result r = new TokenBatcher(512, Integer.MAX_VALUE).batch(in, 42);
        long padded = r.batches().stream().mapToLong(Batch::paddedTokens).sum();
        long longestSide = in.stream()
                .filter(p -> p.maxLength() <= 512)
                .mapToLong(TokenizedPair::maxLength)
                .sum();
        // padding to the longest side of a sorted batch wastes under 5% ...
        assertThat((double) padded / longestSide).isLessThan(1.05);
        // ... while batching the same pairs in random order wastes far more
        List<TokenizedPair> shuffled = new ArrayList<>(in.subList(0, 2000));
        Collections.shuffle(shuffled, new Random(3));
        long naive = 0;
        for (int i = 0; i < shuffled.size(); i += 8) {
            naive += new Batch(shuffled.subList(i, Math.min(i + 8, shuffled.size()))).paddedTokens();
        }
        assertThat((double) naive / longestSide).isGreaterThan(1.3);
    }

    @Test
    void deterministicUnderASeedAndShuffled() {
        List<TokenizedPair> in = pairs(500, 4);
        TokenBatcher b = new TokenBatcher(300, 16);
        List<Batch> a = b.batch(in, 9).batches();
        assertThat(b.batch(in, 9).batches()).isEqualTo(a);
        assertThat(b.batch(in, 10).batches()).isNotEqualTo(a);
        assertThat(a).allMatch(x -> x.size() <= 16);
        // batch order is shuffled, not sorted by length
        List<Integer> longest = a.stream()
                .map(x -> Math.max(x.maxSourceLength(), x.maxTargetLength()))
                .toList();
        List<Integer> sorted = new ArrayList<>(longest);
        Collections.sort(sorted);
        assertThat(longest).isNotEqualTo(sorted);
    }
}
