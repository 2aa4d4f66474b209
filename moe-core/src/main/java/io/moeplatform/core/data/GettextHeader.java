package io.moeplatform.core.data;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The header entry of a gettext catalog (the {@code msgstr} of the empty {@code msgid}): {@code
 * Key: value} lines such as {@code Language: pt_BR} and {@code Content-Type: text/plain;
 * charset=UTF-8}.
 *
 * <p>{@link #bcp47Language()} turns gettext's {@code ll[_CC][.charset][@modifier]} into a BCP 47
 * tag: {@code pt_BR} → {@code pt-BR}, {@code sr@latin} → {@code sr-Latn}, {@code uz@cyrillic} →
 * {@code uz-Cyrl}, {@code ca@valencia} → {@code ca-valencia}.
 */
record GettextHeader(Map<String, String> fields) {

    static final GettextHeader NONE = new GettextHeader(Map.of());

    static GettextHeader parse(String msgstr) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String line : msgstr.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                f.put(
                        line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
        }
        return new GettextHeader(f);
    }

    /** The declared charset, or {@code null}. */
    String charset() {
        String ct = fields.get("content-type");
        if (ct == null) {
            return null;
        }
        int i = ct.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (i < 0) {
            return null;
        }
        String cs = ct.substring(i + 8).strip();
        int end = cs.indexOf(';');
        return (end >= 0 ? cs.substring(0, end) : cs).strip();
    }

    /** The {@code Language:} field as a BCP 47 tag (not yet validated), or {@code null}. */
    String bcp47Language() {
        String lang = fields.get("language");
        return lang == null || lang.isBlank() ? null : toBcp47(lang);
    }

    static String toBcp47(String gettextLocale) {
        String s = gettextLocale.strip();
        String modifier = null;
        int at = s.indexOf('@');
        if (at >= 0) {
            modifier = s.substring(at + 1);
            s = s.substring(0, at);
        }
        int dot = s.indexOf('.');
        if (dot >= 0) {
            s = s.substring(0, dot);
        }
        String[] p = s.split("_", 2);
        StringBuilder out = new StringBuilder(p[0]);
        if (modifier != null) {
            switch (modifier.toLowerCase(Locale.ROOT)) {
                case "latin" -> out.append("-Latn");
                case "cyrillic" -> out.append("-Cyrl");
                case "arabic" -> out.append("-Arab");
                case "devanagari" -> out.append("-Deva");
                default -> {}
            }
        }
        if (p.length > 1) {
            out.append('-').append(p[1]);
        }
        if (modifier != null && !modifier.matches("(?i)latin|cyrillic|arabic|devanagari")) {
            out.append('-').append(modifier.toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }
}
