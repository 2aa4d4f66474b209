package io.moeplatform.core.tokenize;

import java.util.List;

/**
 * The special tokens of the shared vocabulary, which take the first ids.
 *
 * <ul>
 *   <li>{@code <pad>} (0): padding; {@code <s>} (1): start of a target sentence; {@code </s>} (2):
 *       end of a sentence; {@code <unk>} (3): never produced by byte-level BPE, kept for models
 *       that expect it;
 *   <li>{@code <2xx>}, one per target language from id 4 on, sorted: the first source token tells
 *       a many-to-many model which language to produce (Johnson et al., 2017).
 * </ul>
 */
public final class SpecialTokens {

    public static final String PAD = "<pad>";
    public static final String BOS = "<s>";
    public static final String EOS = "</s>";
    public static final String UNK = "<unk>";

    /** The fixed special tokens in id order. */
    public static final List<String> FIXED = List.of(PAD, BOS, EOS, UNK);

    private SpecialTokens() {}

    /** The language tag of a target language: {@code de} → {@code <2de>}. */
    public static String languageTag(String language) {
        return "<2" + language + ">";
    }
}
