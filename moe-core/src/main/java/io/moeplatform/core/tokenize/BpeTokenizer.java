package io.moeplatform.core.tokenize;

import io.moeplatform.core.EngineJson;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A byte-level BPE tokenizer over one vocabulary shared by all languages, stored as a Hugging Face
 * {@code tokenizer.json} (model {@code BPE}, pre-tokenizer and decoder {@code ByteLevel}, the
 * {@link SpecialTokens} as special added tokens).
 *
 * <p>Encoding, as Hugging Face {@code tokenizers} does it: (1) cut the text at special tokens
 * (leftmost-longest match), which map to their ids; (2) split the rest with {@link
 * ByteLevel#preTokenize}; (3) in each piece, start from single byte-level characters and
 * repeatedly merge the adjacent pair with the lowest merge rank (leftmost first on ties) until no
 * pair has a merge; (4) look the symbols up in the vocabulary. Decoding concatenates the tokens and
 * maps byte-level characters back to UTF-8.
 *
 * <p>Ids: the special tokens first (0 {@code <pad>}, 1 {@code <s>}, 2 {@code </s>}, 3 {@code
 * <unk>}, then one {@code <2xx>} per language), then the 256 byte symbols in byte order, then one
 * token per merge. Immutable and thread-safe apart from an internal word cache, which is
 * synchronized.
 */
public final class BpeTokenizer {

    private static final JsonMapper JSON = EngineJson.INDENTED;

    private static final int CACHE_LIMIT = 200_000;

    private final List<String> vocab; // id → token
    private final Map<String, Integer> ids;
    private final List<String[]> merges; // rank → (left, right)
    private final Map<Long, Integer> mergeRank; // (leftId, rightId) → rank
    private final int specialCount;
    private final List<String> languages;
    private final Pattern specialPattern;
    private final Map<String, int[]> cache = new HashMap<>();

    BpeTokenizer(List<String> vocab, List<String[]> merges, int specialCount) {
        this.vocab = List.copyOf(vocab);
        this.ids = new HashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            if (ids.put(vocab.get(i), i) != null) {
                throw new IllegalArgumentException("token '" + vocab.get(i) + "' appears twice");
            }
        }
        this.merges = List.copyOf(merges);
        this.mergeRank = new HashMap<>();
        for (int r = 0; r < merges.size(); r++) {
            String[] m = merges.get(r);
            Integer a = ids.get(m[0]);
            Integer b = ids.get(m[1]);
            if (a == null || b == null || !ids.containsKey(m[0] + m[1])) {
                throw new IllegalArgumentException(
                        "merge " + r + " (" + m[0] + " " + m[1] + ") uses or makes a token not in the vocabulary");
            }
            mergeRank.putIfAbsent(key(a, b), r);
        }
        this.specialCount = specialCount;
        List<String> langs = new ArrayList<>();
        for (int i = 0; i < specialCount; i++) {
            String t = vocab.get(i);
            if (t.startsWith("<2") && t.endsWith(">")) {
                langs.add(t.substring(2, t.length() - 1));
            }
        }
        this.languages = List.copyOf(langs);
        this.specialPattern = Pattern.compile(vocab.subList(0, specialCount).stream()
                .sorted((x, y) -> y.length() - x.length())
                .map(Pattern::quote)
                .collect(Collectors.joining("|")));
    }

    /** The vocabulary size. */
    public int vocabSize() {
        return vocab.size();
    }

    /** The id of a token, or -1. */
    public int id(String token) {
        return ids.getOrDefault(token, -1);
    }

    /** The token of an id. */
    public String token(int id) {
        return vocab.get(id);
    }

    /** The number of special tokens (they hold ids 0 .. n-1). */
    public int specialCount() {
        return specialCount;
    }

    /** The languages that have a {@code <2xx>} tag, sorted. */
    public List<String> languages() {
        return languages;
    }

    /** The merges in rank order, each (left, right). */
    public List<String[]> merges() {
        return Collections.unmodifiableList(merges);
    }

    /** The ids of {@code text}, without adding special tokens. */
    public int[] encode(String text) {
        List<Integer> out = new ArrayList<>();
        Matcher m = specialPattern.matcher(text);
        int last = 0;
        while (m.find()) {
            encodeOrdinary(text.substring(last, m.start()), out);
            out.add(ids.get(m.group()));
            last = m.end();
        }
        encodeOrdinary(text.substring(last), out);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The tokens of {@code text}. */
    public List<String> tokenize(String text) {
        return Arrays.stream(encode(text)).mapToObj(vocab::get).toList();
    }

    /**
     * A source sentence for a many-to-many model: {@code <2tgt> tokens </s>}.
     *
     * @throws IllegalArgumentException when the vocabulary has no tag for {@code targetLanguage}
     */
    public int[] encodeSource(String text, String targetLanguage) {
        int tag = id(SpecialTokens.languageTag(targetLanguage));
        if (tag < 0) {
            throw new IllegalArgumentException("no language tag " + SpecialTokens.languageTag(targetLanguage)
                    + " in the vocabulary; it has " + languages);
        }
        int[] body = encode(text);
        int[] out = new int[body.length + 2];
        out[0] = tag;
        System.arraycopy(body, 0, out, 1, body.length);
        out[out.length - 1] = id(SpecialTokens.EOS);
        return out;
    }

    /** A target sentence: {@code <s> tokens </s>}. */
    public int[] encodeTarget(String text) {
        int[] body = encode(text);
        int[] out = new int[body.length + 2];
        out[0] = id(SpecialTokens.BOS);
        System.arraycopy(body, 0, out, 1, body.length);
        out[out.length - 1] = id(SpecialTokens.EOS);
        return out;
    }

    /** Text from ids; special tokens are left out when {@code skipSpecial}. */
    public String decode(int[] tokenIds, boolean skipSpecial) {
        StringBuilder out = new StringBuilder();
        StringBuilder bytes = new StringBuilder();
        for (int id : tokenIds) {
            if (id < specialCount) {
                if (!skipSpecial) {
                    out.append(ByteLevel.decode(bytes));
                    bytes.setLength(0);
                    out.append(vocab.get(id));
                }
            } else {
                bytes.append(vocab.get(id));
            }
        }
        return out.append(ByteLevel.decode(bytes)).toString();
    }

    private void encodeOrdinary(String text, List<Integer> out) {
        if (text.isEmpty()) {
            return;
        }
        for (String piece : ByteLevel.preTokenize(text)) {
            int[] word;
            synchronized (cache) {
                word = cache.get(piece);
            }
            if (word == null) {
                word = bpe(piece);
                synchronized (cache) {
                    if (cache.size() >= CACHE_LIMIT) {
                        cache.clear();
                    }
                    cache.put(piece, word);
                }
            }
            for (int id : word) {
                out.add(id);
            }
        }
    }

    /** BPE of one byte-level piece: merge the lowest-ranked pair, leftmost first, until none. */
    private int[] bpe(String piece) {
        int n = piece.length();
        int[] sym = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            sym[i] = ids.get(String.valueOf(piece.charAt(i)));
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        // candidates: {rank, position, leftId, rightId}; stale ones are skipped when popped
        PriorityQueue<int[]> queue =
                new PriorityQueue<>((x, y) -> x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[1], y[1]));
        for (int i = 0; i + 1 < n; i++) {
            offer(queue, i, sym[i], sym[i + 1]);
        }
        boolean[] dead = new boolean[n];
        while (!queue.isEmpty()) {
            int[] c = queue.poll();
            int i = c[1];
            int j = next[i];
            if (dead[i] || j < 0 || sym[i] != c[2] || sym[j] != c[3]) {
                continue;
            }
            sym[i] = ids.get(vocab.get(c[2]) + vocab.get(c[3]));
            dead[j] = true;
            next[i] = next[j];
            if (next[j] >= 0) {
                prev[next[j]] = i;
            }
            if (prev[i] >= 0) {
                offer(queue, prev[i], sym[prev[i]], sym[i]);
            }
            if (next[i] >= 0) {
                offer(queue, i, sym[i], sym[next[i]]);
            }
        }
        int[] out = new int[n];
        int k = 0;
        for (int i = 0; i >= 0; i = next[i]) { // position 0 is never merged away
            out[k++] = sym[i];
        }
        return Arrays.copyOf(out, k);
    }

    private void offer(PriorityQueue<int[]> queue, int pos, int a, int b) {
        Integer rank = mergeRank.get(key(a, b));
        if (rank != null) {
            queue.add(new int[] {rank, pos, a, b});
        }
    }

    static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    /** Writes {@code tokenizer.json}. */
    public void save(Path file) throws IOException {
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    /** Reads a {@code tokenizer.json} written by {@link #save}. */
    public static BpeTokenizer load(Path file) throws IOException {
        return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The Hugging Face {@code tokenizer.json} text. */
    public String toJson() {
        StringWriter sw = new StringWriter();
        try (JsonGenerator w = JSON.createGenerator(sw)) {
            w.writeStartObject();
            w.writeStringProperty("version", "1.0");
            w.writeNullProperty("truncation");
            w.writeNullProperty("padding");
            w.writeArrayPropertyStart("added_tokens");
            for (int i = 0; i < specialCount; i++) {
                w.writeStartObject();
                w.writeNumberProperty("id", i);
                w.writeStringProperty("content", vocab.get(i));
                w.writeBooleanProperty("single_word", false);
                w.writeBooleanProperty("lstrip", false);
                w.writeBooleanProperty("rstrip", false);
                w.writeBooleanProperty("normalized", false);
                w.writeBooleanProperty("special", true);
                w.writeEndObject();
            }
            w.writeEndArray();
            w.writeNullProperty("normalizer");
            w.writeName("pre_tokenizer");
            byteLevel(w);
            w.writeNullProperty("post_processor");
            w.writeName("decoder");
            byteLevel(w);
            w.writeObjectPropertyStart("model");
            w.writeStringProperty("type", "BPE");
            w.writeNullProperty("dropout");
            w.writeNullProperty("unk_token");
            w.writeNullProperty("continuing_subword_prefix");
            w.writeNullProperty("end_of_word_suffix");
            w.writeBooleanProperty("fuse_unk", false);
            w.writeBooleanProperty("byte_fallback", false);
            w.writeObjectPropertyStart("vocab");
            for (int i = 0; i < vocab.size(); i++) {
                w.writeNumberProperty(vocab.get(i), i);
            }
            w.writeEndObject();
            w.writeArrayPropertyStart("merges");
            for (String[] m : merges) {
                w.writeString(m[0] + " " + m[1]);
            }
            w.writeEndArray();
            w.writeEndObject();
            w.writeEndObject();
        }
        return sw.toString();
    }

    private static void byteLevel(JsonGenerator w) {
        w.writeStartObject();
        w.writeStringProperty("type", "ByteLevel");
        w.writeBooleanProperty("add_prefix_space", false);
        w.writeBooleanProperty("trim_offsets", true);
        w.writeBooleanProperty("use_regex", true);
        w.writeEndObject();
    }

    /**
     * Parses a {@code tokenizer.json} of the shape {@link #toJson} writes.
     *
     * @throws IllegalArgumentException naming what differs (model type, pre-tokenizer, ids)
     */
    public static BpeTokenizer fromJson(String json) {
        JsonNode root = JSON.readTree(json);
        JsonNode model = root.get("model");
        if (model == null || !"BPE".equals(model.path("type").asString(""))) {
            throw new IllegalArgumentException("tokenizer.json: model.type must be BPE");
        }
        JsonNode pre = root.get("pre_tokenizer");
        if (pre == null
                || !pre.isObject()
                || !"ByteLevel".equals(pre.path("type").asString(""))) {
            throw new IllegalArgumentException("tokenizer.json: pre_tokenizer must be ByteLevel");
        }
        Map<String, Integer> v = new LinkedHashMap<>();
        model.get("vocab")
                .properties()
                .forEach(e -> v.put(e.getKey(), e.getValue().asInt()));
        String[] byId = new String[v.size()];
        v.forEach((t, i) -> {
            if (i < 0 || i >= byId.length || byId[i] != null) {
                throw new IllegalArgumentException("tokenizer.json: ids are not 0.." + (byId.length - 1));
            }
            byId[i] = t;
        });
        TreeSet<Integer> special = new TreeSet<>();
        for (JsonNode o : root.get("added_tokens")) {
            int id = o.get("id").asInt();
            if (!o.get("content").asString().equals(byId[id])) {
                throw new IllegalArgumentException("tokenizer.json: added token " + id + " differs from vocab");
            }
            special.add(id);
        }
        if (!special.isEmpty() && (special.first() != 0 || special.last() != special.size() - 1)) {
            throw new IllegalArgumentException("tokenizer.json: special tokens must hold the first ids");
        }
        List<String[]> m = new ArrayList<>();
        for (JsonNode e : model.get("merges")) {
            if (e.isArray()) {
                m.add(new String[] {e.get(0).asString(), e.get(1).asString()});
            } else {
                String s = e.asString();
                int sp = s.indexOf(' ');
                m.add(new String[] {s.substring(0, sp), s.substring(sp + 1)});
            }
        }
        return new BpeTokenizer(Arrays.asList(byId), m, special.size());
    }
}
