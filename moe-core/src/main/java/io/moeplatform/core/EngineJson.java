package io.moeplatform.core;

import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON settings of the files the engine writes and reads ({@code config.json}, {@code
 * tokenizer.json}, safetensors headers, JSONL corpora): Jackson 3, the project's one JSON library.
 *
 * <p>Indented files put {@code "name": value} with one space after the colon and array elements on
 * their own lines, the layout Python's {@code json.dump(indent=…)} and Hugging Face write, so a
 * file diffs cleanly against one written in the Python ecosystem.
 */
public final class EngineJson {

    /** Compact output; unknown members are refused on read. */
    public static final JsonMapper COMPACT = JsonMapper.builder().build();

    /** Indented output; members that a later version adds are ignored on read. */
    public static final JsonMapper INDENTED = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .defaultPrettyPrinter(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                            .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                            .withArrayEmptySeparator("")
                            .withObjectEmptySeparator(""))
                    .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE))
            .build();

    private EngineJson() {}
}
