package io.moeplatform.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The mteval-v13a rules, each case worked by hand from sacreBLEU's regular expressions. */
class Tokenizer13aTest {

    private final Tokenizer13a tok = new Tokenizer13a();

    @Test
    void rules() {
        String[][] cases = {
            // the apostrophe (0x27) is outside 13a's symbol ranges
            {"It wasn't surprising.", "It wasn't surprising ."},
            {"3.14, 1,000 and 5-6", "3.14 , 1,000 and 5 - 6"},
            {"well-known (sic) {x}", "well-known ( sic ) { x }"},
            {"a/b@c:d;e", "a / b @ c : d ; e"},
            {"end.", "end ."},
            {".5 and 5.", ". 5 and 5 ."},
            {"&quot;Hi&quot; &amp; bye &lt;3", "\" Hi \" & bye < 3"},
            {"keep <skipped>this", "keep this"},
        };
        for (String[] c : cases) {
            assertThat(tok.tokenize(c[0])).as(c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void newlinesAndHyphenationAndPythonWhitespace() {
        assertThat(tok.tokenize("exam-\nple\nnext")).isEqualTo("example next");
        // U+3000 and U+00A0 are whitespace for Python's split; U+200B is not
        assertThat(tok.tokenize("a\u3000b\u00a0c\u200bd")).isEqualTo("a b c\u200bd");
    }

    @Test
    void pythonRoundingIsHalfEvenOnTheBinaryValue() {
        assertThat(PythonText.fixed(0.125, 2)).isEqualTo("0.12");
        assertThat(PythonText.fixed(2.675, 2)).isEqualTo("2.67");
        assertThat(PythonText.fixed(0.375, 2)).isEqualTo("0.38");
        assertThat(PythonText.fixed(100.0, 1)).isEqualTo("100.0");
    }
}
