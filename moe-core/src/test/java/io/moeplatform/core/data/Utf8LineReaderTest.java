package io.moeplatform.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Utf8LineReaderTest {

    private static List<String> read(byte[] bytes) throws IOException {
        List<String> out = new ArrayList<>();
        try (Utf8LineReader r = new Utf8LineReader(new ByteArrayInputStream(bytes))) {
            for (Utf8LineReader.Line l = r.next(); l != null; l = r.next()) {
                out.add(l.number() + (l.ok() ? "=" + l.text() : "!" + l.error()));
            }
        }
        return out;
    }

    @Test
    void linesBomCrlfAndNoFinalNewline() throws IOException {
        byte[] b = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', '\r', '\n', '\n', 'b'};
        assertThat(read(b)).containsExactly("1=a", "2=", "3=b");
        assertThat(read(new byte[0])).isEmpty();
        assertThat(read(new byte[] {'x', '\n'})).containsExactly("1=x");
    }

    @Test
    void malformedBytesAreReportedOnTheirLine() throws IOException {
        // line 2: a truncated 3-byte sequence; line 3: an overlong encoding of '/'; line 4 fine
        byte[] b = {
            'o',
            'k',
            '\n',
            'a',
            (byte) 0xE2,
            (byte) 0x82,
            '\n',
            (byte) 0xC0,
            (byte) 0xAF,
            '\n',
            (byte) 0xC3,
            (byte) 0xA9,
            '\n'
        };
        assertThat(read(b))
                .containsExactly(
                        "1=ok",
                        "2!not valid UTF-8: byte 0xE2 at column 2",
                        "3!not valid UTF-8: byte 0xC0 at column 1",
                        "4=é");
    }
}
