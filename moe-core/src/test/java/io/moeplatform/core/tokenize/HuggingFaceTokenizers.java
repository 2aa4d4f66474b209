package io.moeplatform.core.tokenize;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads a {@code tokenizer.json} with DJL's Hugging Face tokenizers binding (native, bundled in
 * the jar; run with {@code -Dai.djl.offline=true} so nothing is downloaded).
 *
 * <p>Built without padding, truncation or added special tokens, so its ids are those of {@link
 * BpeTokenizer#encode} for the same file.
 */
final class HuggingFaceTokenizers {

    private HuggingFaceTokenizers() {}

    /** Loads {@code tokenizer.json}; close the result to free native memory. */
    static HuggingFaceTokenizer load(Path tokenizerJson) throws IOException {
        return HuggingFaceTokenizer.builder()
                .optTokenizerPath(tokenizerJson)
                .optAddSpecialTokens(false)
                .optPadding(false)
                .optTruncation(false)
                .build();
    }
}
