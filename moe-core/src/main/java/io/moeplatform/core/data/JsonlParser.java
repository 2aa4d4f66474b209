package io.moeplatform.core.data;

import java.io.IOException;
import java.io.InputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses {@link CorpusFormat#JSONL}: one object per line with string members {@code src_lang},
 * {@code tgt_lang}, {@code src}, {@code tgt}; other members are ignored, blank lines skipped.
 */
final class JsonlParser {

    private static final String[] KEYS = {"src_lang", "tgt_lang", "src", "tgt"};

    /** A line is one JSON value: anything after it is an error, as it is for a JSONL reader. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonlParser() {}

    static void parse(InputStream in, PairChecker checker) throws IOException {
        try (Utf8LineReader r = new Utf8LineReader(in)) {
            for (Utf8LineReader.Line line = r.next(); line != null; line = r.next()) {
                if (!line.ok()) {
                    checker.problem(line.number(), null, line.error());
                    continue;
                }
                if (line.text().isBlank()) {
                    checker.skip();
                    continue;
                }
                JsonNode o;
                try {
                    o = JSON.readTree(line.text());
                } catch (JacksonException ex) {
                    checker.problem(line.number(), null, "not valid JSON: " + ex.getOriginalMessage());
                    continue;
                }
                if (!o.isObject()) {
                    checker.problem(line.number(), null, "expected a JSON object, found " + kind(o));
                    continue;
                }
                String[] v = new String[4];
                boolean ok = true;
                for (int k = 0; k < 4; k++) {
                    JsonNode m = o.get(KEYS[k]);
                    if (m == null || m.isNull()) {
                        checker.problem(line.number(), KEYS[k], "missing member \"" + KEYS[k] + "\"");
                        ok = false;
                    } else if (!m.isString()) {
                        checker.problem(line.number(), KEYS[k], "expected a string, found " + kind(m));
                        ok = false;
                    } else {
                        v[k] = m.stringValue();
                    }
                }
                if (ok) {
                    checker.pair(line.number(), v[0].strip(), v[1].strip(), v[2], v[3]);
                }
            }
        }
    }

    private static String kind(JsonNode e) {
        if (e == null || e.isNull() || e.isMissingNode()) {
            return "null";
        }
        if (e.isArray()) {
            return "an array";
        }
        if (e.isObject()) {
            return "an object";
        }
        return e.isNumber() ? "a number" : e.isBoolean() ? "a boolean" : "a string";
    }
}
