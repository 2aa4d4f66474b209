package io.moeplatform.core.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.InputStream;

/**
 * Parses {@link CorpusFormat#JSONL}: one object per line with string members {@code src_lang},
 * {@code tgt_lang}, {@code src}, {@code tgt}; other members are ignored, blank lines skipped.
 */
final class JsonlParser {

    private static final String[] KEYS = {"src_lang", "tgt_lang", "src", "tgt"};

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
                JsonElement e;
                try {
                    e = JsonParser.parseString(line.text());
                } catch (JsonParseException ex) {
                    String m = ex.getCause() != null ? ex.getCause().getMessage() : ex.getMessage();
                    checker.problem(line.number(), null, "not valid JSON: " + m);
                    continue;
                }
                if (!(e instanceof JsonObject o)) {
                    checker.problem(line.number(), null, "expected a JSON object, found " + kind(e));
                    continue;
                }
                String[] v = new String[4];
                boolean ok = true;
                for (int k = 0; k < 4; k++) {
                    JsonElement m = o.get(KEYS[k]);
                    if (m == null || m.isJsonNull()) {
                        checker.problem(line.number(), KEYS[k], "missing member \"" + KEYS[k] + "\"");
                        ok = false;
                    } else if (!(m instanceof JsonPrimitive p) || !p.isString()) {
                        checker.problem(line.number(), KEYS[k], "expected a string, found " + kind(m));
                        ok = false;
                    } else {
                        v[k] = m.getAsString();
                    }
                }
                if (ok) {
                    checker.pair(line.number(), v[0].strip(), v[1].strip(), v[2], v[3]);
                }
            }
        }
    }

    private static String kind(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "null";
        }
        if (e.isJsonArray()) {
            return "an array";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        return p.isNumber() ? "a number" : p.isBoolean() ? "a boolean" : "a string";
    }
}
