package io.moeplatform.core.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Validates and normalizes language tags: ISO 639-1 and ISO 639-3 codes and the BCP 47 (RFC 5646)
 * tags built from them with a script and a region, e.g. {@code de}, {@code deu}, {@code pt-BR},
 * {@code zh-Hans}, {@code sr-Latn}, {@code es-419}, {@code ca-valencia}.
 *
 * <p>Grammar accepted: {@code language[-Script][-REGION][-variant]*} where language is a known ISO
 * 639 code (2 or 3 letters), Script a known ISO 15924 code, REGION a known ISO 3166-1 alpha-2 code
 * or a 3-digit UN M.49 area, and variant 5–8 alphanumerics or a digit and 3 alphanumerics.
 * Extensions and private use are refused. Normal form: language lower case (and the ISO 639-1 code
 * where one exists: {@code deu} → {@code de}), Script title case, REGION upper case, variants
 * lower case.
 *
 * <p>The code lists are the resource {@code language-subtags.txt}, generated from Debian's {@code
 * iso-codes} by {@code scripts/build-language-subtags.sh}. Immutable and thread-safe.
 */
public final class LanguageTags {

    private static final String RESOURCE = "language-subtags.txt";
    private static volatile LanguageTags standard;

    private final Map<String, String> languages; // ISO 639-1 or 639-3 code → normal form
    private final Set<String> scripts;
    private final Set<String> regions;

    private LanguageTags(Map<String, String> languages, Set<String> scripts, Set<String> regions) {
        this.languages = languages;
        this.scripts = scripts;
        this.regions = regions;
    }

    /** The lists shipped with moe-core. */
    public static LanguageTags standard() {
        LanguageTags s = standard;
        if (s == null) {
            synchronized (LanguageTags.class) {
                s = standard;
                if (s == null) {
                    s = load();
                    standard = s;
                }
            }
        }
        return s;
    }

    private static LanguageTags load() {
        Map<String, String> languages = new HashMap<>();
        Set<String> scripts = new HashSet<>();
        Set<String> regions = new HashSet<>();
        try (InputStream in = LanguageTags.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing from moe-core");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "L" -> {
                        String normal = f.length > 2 ? f[2] : f[1];
                        languages.put(f[1], normal);
                        languages.put(normal, normal);
                    }
                    case "S" -> scripts.add(f[1]);
                    case "R" -> regions.add(f[1]);
                    default -> throw new IllegalStateException("bad line in " + RESOURCE + ": " + line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LanguageTags(Map.copyOf(languages), Set.copyOf(scripts), Set.copyOf(regions));
    }

    /**
     * A gettext/POSIX locale name as a BCP 47 tag, not yet validated: {@code pt_BR} → {@code pt-BR},
     * {@code sr@latin} → {@code sr-Latn}, {@code ca@valencia} → {@code ca-valencia}.
     */
    public static String fromGettextLocale(String locale) {
        return GettextHeader.toBcp47(locale);
    }

    /** Whether {@code tag} is valid. */
    public boolean isValid(String tag) {
        try {
            normalize(tag);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The normal form of a tag.
     *
     * @throws IllegalArgumentException naming the tag and the subtag at fault
     */
    public String normalize(String tag) {
        if (tag == null || tag.isEmpty()) {
            throw new IllegalArgumentException("empty language code");
        }
        if (tag.indexOf('_') >= 0) {
            throw new IllegalArgumentException("language code '" + tag
                    + "' uses '_'; BCP 47 separates subtags with '-' ('" + tag.replace('_', '-') + "')");
        }
        String[] parts = tag.split("-", -1);
        String lang = parts[0].toLowerCase(Locale.ROOT);
        String normal = isAlpha(lang) ? languages.get(lang) : null;
        if (normal == null) {
            throw new IllegalArgumentException(
                    "unknown language code '" + tag + "' ('" + parts[0] + "' is not an ISO 639-1 or 639-3 code)");
        }
        StringBuilder out = new StringBuilder(normal);
        int i = 1;
        if (i < parts.length && parts[i].length() == 4 && isAlpha(parts[i])) {
            String script = parts[i].substring(0, 1).toUpperCase(Locale.ROOT)
                    + parts[i].substring(1).toLowerCase(Locale.ROOT);
            if (!scripts.contains(script)) {
                throw new IllegalArgumentException(
                        "unknown script '" + parts[i] + "' in language code '" + tag + "' (not ISO 15924)");
            }
            out.append('-').append(script);
            i++;
        }
        if (i < parts.length
                && ((parts[i].length() == 2 && isAlpha(parts[i])) || (parts[i].length() == 3 && isDigits(parts[i])))) {
            String region = parts[i].toUpperCase(Locale.ROOT);
            if (region.length() == 2 && !regions.contains(region)) {
                throw new IllegalArgumentException(
                        "unknown region '" + parts[i] + "' in language code '" + tag + "' (not ISO 3166-1)");
            }
            out.append('-').append(region);
            i++;
        }
        for (; i < parts.length; i++) {
            String v = parts[i].toLowerCase(Locale.ROOT);
            boolean variant = isAlnum(v)
                    && ((v.length() >= 5 && v.length() <= 8) || (v.length() == 4 && Character.isDigit(v.charAt(0))));
            if (!variant) {
                throw new IllegalArgumentException("language code '" + tag + "' has an unexpected subtag '" + parts[i]
                        + "' (expected language[-Script][-REGION][-variant])");
            }
            out.append('-').append(v);
        }
        return out.toString();
    }

    private static boolean isAlpha(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static boolean isAlnum(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
