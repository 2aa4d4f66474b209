package io.moeplatform.core.eval;

import java.util.regex.Pattern;

/**
 * The mteval-v13a tokenizer used by WMT and by sacreBLEU's default BLEU ({@code tok:13a}).
 *
 * <p>Steps, in order, as in sacreBLEU's {@code Tokenizer13a} and {@code TokenizerRegexp}:
 *
 * <ol>
 *   <li>remove {@code <skipped>}, join {@code -\n} hyphenations, turn newlines into spaces;
 *   <li>unescape {@code &quot; &amp; &lt; &gt;} (only when the line contains {@code &});
 *   <li>pad the line with one space on each side, then apply four rules: space out the ASCII
 *       symbols {@code { | } ~ [ \ ] ^ _ ` space ! " # $ % & ( ) * + : ; < = > ? @ /}; split
 *       {@code .} and {@code ,} from a preceding non-digit; split them from a following non-digit;
 *       split {@code -} after a digit;
 *   <li>collapse whitespace (Python's definition) to single spaces and trim.
 * </ol>
 *
 * <p>Thread-safe and stateless.
 */
public final class Tokenizer13a {

    /** Code-point ranges {-~, [-`, space-&, (-+, :-@ and the slash. */
    private static final Pattern SYMBOLS = Pattern.compile("([{-~\\[-` -&(-+:-@/])");

    private static final Pattern PERIOD_COMMA_AFTER_NON_DIGIT = Pattern.compile("([^0-9])([.,])");
    private static final Pattern PERIOD_COMMA_BEFORE_NON_DIGIT = Pattern.compile("([.,])([^0-9])");
    private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");

    /** Tokenizes one segment. */
    public String tokenize(String line) {
        line = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
        if (line.indexOf('&') >= 0) {
            line = line.replace("&quot;", "\"")
                    .replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">");
        }
        line = " " + line + " ";
        line = SYMBOLS.matcher(line).replaceAll(" $1 ");
        line = PERIOD_COMMA_AFTER_NON_DIGIT.matcher(line).replaceAll("$1 $2 ");
        line = PERIOD_COMMA_BEFORE_NON_DIGIT.matcher(line).replaceAll(" $1 $2");
        line = DASH_AFTER_DIGIT.matcher(line).replaceAll("$1 $2 ");
        return String.join(" ", PythonText.split(line));
    }
}
