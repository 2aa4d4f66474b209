package io.moeplatform.core.eval;

/**
 * Writes a score as sacreBLEU's {@code --format json} does, on one line.
 *
 * <p>Keys in sacreBLEU's order: {@code name}, {@code score} (a number rounded to {@code width}
 * decimals), {@code signature}, {@code verbose_score} (only when the metric has one), then every
 * {@code key:value} field of the signature as a string.
 */
final class ScoreJson {

    private ScoreJson() {}

    static String toJson(String name, double score, int width, String signature, String verbose) {
        StringBuilder sb = new StringBuilder("{");
        field(sb, "name", name);
        sb.append(",\"score\":").append(Double.parseDouble(PythonText.fixed(score, width)));
        sb.append(',');
        field(sb, "signature", signature);
        if (verbose != null && !verbose.isEmpty()) {
            sb.append(',');
            field(sb, "verbose_score", verbose);
        }
        if (!signature.isEmpty()) {
            for (String part : signature.split("\\|")) {
                int colon = part.indexOf(':');
                sb.append(',');
                field(sb, part.substring(0, colon), part.substring(colon + 1));
            }
        }
        return sb.append('}').toString();
    }

    private static void field(StringBuilder sb, String key, String value) {
        quote(sb, key);
        sb.append(':');
        quote(sb, value);
    }

    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
