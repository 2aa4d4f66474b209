package io.moeplatform.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Parses {@link CorpusFormat#PO}, a gettext catalog in source form (GNU gettext manual, "The
 * Format of PO Files").
 *
 * <p>Each entry's {@code msgid} becomes the source and {@code msgstr} (or {@code msgstr[0]} of a
 * plural entry, paired with the singular {@code msgid}) the target. Strings may continue over
 * several quoted lines and use C escapes ({@code \n \t \" \\ \ooo \xhh} …). Skipped, not errors:
 * the header, entries flagged {@code #, fuzzy}, obsolete entries ({@code #~}) and untranslated
 * entries. The catalog must be UTF-8 (convert others with {@code msgconv -t UTF-8}). The target
 * language is the header's {@code Language:} unless the options name one.
 */
final class PoParser {

    private PoParser() {}

    /** One entry as parsed, before the target language is known. */
    private static final class Entry {
        long line; // of msgid
        boolean fuzzy;
        boolean obsolete;
        String msgctxt;
        String msgid;
        String msgidPlural;
        final TreeMap<Integer, String> msgstr = new TreeMap<>();
        String field; // the keyword that continuation lines extend
        int index;

        boolean isEmpty() {
            return !obsolete && msgctxt == null && msgid == null && msgstr.isEmpty();
        }
    }

    static void parse(InputStream in, PairChecker checker, CorpusReaderOptions options) throws IOException {
        List<Entry> entries = new ArrayList<>();
        Entry e = new Entry();
        try (Utf8LineReader r = new Utf8LineReader(in)) {
            for (Utf8LineReader.Line line = r.next(); line != null; line = r.next()) {
                if (!line.ok()) {
                    checker.problem(line.number(), null, line.error());
                    continue;
                }
                String t = line.text().strip();
                long n = line.number();
                if (t.isEmpty()) {
                    if (!e.isEmpty()) {
                        entries.add(e);
                        e = new Entry();
                    }
                    continue;
                }
                if (t.startsWith("#")) {
                    if (!e.msgstr.isEmpty()) { // a comment after msgstr starts the next entry
                        entries.add(e);
                        e = new Entry();
                    }
                    if (t.startsWith("#~")) {
                        e.obsolete = true;
                    } else if (t.startsWith("#,")) {
                        for (String flag : t.substring(2).split(",")) {
                            e.fuzzy |= flag.strip().equals("fuzzy");
                        }
                    }
                    continue;
                }
                if (t.startsWith("\"")) {
                    if (e.field == null) {
                        checker.problem(n, null, "string continuation without a keyword before it");
                        continue;
                    }
                    String s = unquote(t, line.text().indexOf('"'), n, e.field, checker);
                    if (s != null) {
                        append(e, s);
                    }
                    continue;
                }
                int sp = firstSpace(t);
                String keyword = sp < 0 ? t : t.substring(0, sp);
                String rest = sp < 0 ? "" : t.substring(sp).strip();
                if ((keyword.equals("msgid") || keyword.equals("msgctxt")) && !e.msgstr.isEmpty()) {
                    entries.add(e);
                    e = new Entry();
                }
                String value = unquote(rest, sp < 0 ? 0 : line.text().indexOf(rest, sp), n, keyword, checker);
                if (value == null) {
                    if (keyword.startsWith("msgstr")) {
                        e.msgstr.put(0, ""); // reported; do not report the entry as lacking msgstr too
                    }
                    e.field = null;
                    continue;
                }
                switch (keyword) {
                    case "msgctxt" -> {
                        e.msgctxt = value;
                        e.field = keyword;
                    }
                    case "msgid" -> {
                        e.msgid = value;
                        e.line = n;
                        e.field = keyword;
                    }
                    case "msgid_plural" -> {
                        e.msgidPlural = value;
                        e.field = keyword;
                    }
                    case "msgstr" -> {
                        e.msgstr.put(0, value);
                        e.field = keyword;
                        e.index = 0;
                    }
                    default -> {
                        if (keyword.startsWith("msgstr[") && keyword.endsWith("]")) {
                            try {
                                e.index = Integer.parseInt(keyword.substring(7, keyword.length() - 1));
                                e.msgstr.put(e.index, value);
                                e.field = "msgstr";
                            } catch (NumberFormatException ex) {
                                checker.problem(n, keyword, "bad plural index in " + keyword);
                                e.field = null;
                            }
                        } else {
                            checker.problem(n, null, "unknown keyword '" + keyword + "'");
                            e.field = null;
                        }
                    }
                }
            }
        }
        if (!e.isEmpty()) {
            entries.add(e);
        }
        emit(entries, checker, options);
    }

    private static void emit(List<Entry> entries, PairChecker checker, CorpusReaderOptions options) {
        GettextHeader header = GettextHeader.NONE;
        for (Entry e : entries) {
            if (!e.obsolete && e.msgctxt == null && "".equals(e.msgid)) {
                header = GettextHeader.parse(e.msgstr.getOrDefault(0, ""));
                break;
            }
        }
        String charset = header.charset();
        if (charset != null && !isUtf8(charset)) {
            checker.problem(
                    0, null, "charset " + charset + " is not supported in .po files; convert with msgconv -t UTF-8");
            return;
        }
        String tgtLang =
                options.gettextTargetLanguage() != null ? options.gettextTargetLanguage() : header.bcp47Language();
        boolean reportedNoLanguage = false;
        for (Entry e : entries) {
            if (e.obsolete || e.fuzzy || (e.msgctxt == null && "".equals(e.msgid))) {
                checker.skip();
                continue;
            }
            if (e.msgid == null) {
                checker.problem(e.line, "msgid", "entry without msgid");
                continue;
            }
            String target = e.msgstr.get(0);
            if (target == null) {
                checker.problem(e.line, "msgstr", "entry without msgstr");
                continue;
            }
            if (target.isEmpty()) {
                checker.skip(); // untranslated
                continue;
            }
            if (tgtLang == null) {
                if (!reportedNoLanguage) {
                    checker.problem(0, "tgt_lang", "no Language: header; give the target language in the options");
                    reportedNoLanguage = true;
                }
                continue;
            }
            checker.pair(e.line, options.gettextSourceLanguage(), tgtLang, e.msgid, target);
        }
    }

    static boolean isUtf8(String charset) {
        String c = charset.toLowerCase(Locale.ROOT);
        return c.equals("utf-8")
                || c.equals("utf8")
                || c.equals("charset")
                || c.equals("ascii")
                || c.equals("us-ascii");
    }

    private static void append(Entry e, String s) {
        switch (e.field) {
            case "msgctxt" -> e.msgctxt += s;
            case "msgid" -> e.msgid += s;
            case "msgid_plural" -> e.msgidPlural += s;
            default -> e.msgstr.merge(e.index, s, String::concat);
        }
    }

    private static int firstSpace(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) == ' ' || t.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The value of a quoted C string, or null after reporting a problem; {@code at} is the string's
     * 0-based column in its line, for messages.
     */
    static String unquote(String q, int at, long line, String field, PairChecker checker) {
        if (q.length() < 2 || q.charAt(0) != '"' || q.charAt(q.length() - 1) != '"') {
            checker.problem(line, field, "expected a quoted string, found: " + abbreviate(q));
            return null;
        }
        StringBuilder sb = new StringBuilder(q.length());
        int end = q.length() - 1;
        for (int i = 1; i < end; i++) {
            char c = q.charAt(i);
            if (c == '"') {
                checker.problem(line, field, "unescaped quote at column " + (at + i + 1));
                return null;
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (i + 1 >= end) {
                checker.problem(line, field, "string ends with a lone backslash");
                return null;
            }
            char x = q.charAt(++i);
            switch (x) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000B');
                case '"', '\\', '\'', '?' -> sb.append(x);
                case 'x' -> {
                    int j = i + 1;
                    while (j < end && j < i + 3 && Character.digit(q.charAt(j), 16) >= 0) {
                        j++;
                    }
                    if (j == i + 1) {
                        checker.problem(line, field, "\\x without hex digits at column " + (at + i));
                        return null;
                    }
                    sb.append((char) Integer.parseInt(q.substring(i + 1, j), 16));
                    i = j - 1;
                }
                default -> {
                    if (x >= '0' && x <= '7') {
                        int j = i;
                        while (j < end && j < i + 3 && q.charAt(j) >= '0' && q.charAt(j) <= '7') {
                            j++;
                        }
                        sb.append((char) Integer.parseInt(q.substring(i, j), 8));
                        i = j - 1;
                    } else {
                        checker.problem(line, field, "unknown escape \\" + x + " at column " + (at + i));
                        return null;
                    }
                }
            }
        }
        return sb.toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
