package io.moeplatform.core.eval;

/**
 * The tokenizers BLEU can apply before counting n-grams; sacreBLEU's {@code --tokenize} names.
 *
 * <p>{@link #THIRTEEN_A} ({@code 13a}, the default) is mteval-v13a ({@link Tokenizer13a}); {@link
 * #NONE} ({@code none}) leaves the text as it is, for input that is already tokenized.
 */
public enum BleuTokenizer {
    THIRTEEN_A("13a"),
    NONE("none");

    private static final Tokenizer13a TOKENIZER_13A = new Tokenizer13a();

    private final String signatureName;

    BleuTokenizer(String signatureName) {
        this.signatureName = signatureName;
    }

    /** sacreBLEU's name for the tokenizer ({@code tok:13a}). */
    public String signatureName() {
        return signatureName;
    }

    /** Tokenizes one segment. */
    public String tokenize(String line) {
        return this == THIRTEEN_A ? TOKENIZER_13A.tokenize(line) : line;
    }
}
