package io.moeplatform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class VerifyingInputStreamTest {
    private static final byte[] DATA = "mixture of experts".getBytes();

    private static InputStream verifying(byte[] content, String sha256, long size) {
        return new VerifyingInputStream(
                new ByteArrayInputStream(content),
                sha256,
                size,
                (actual, actualSize) -> new CorruptObjectException("mismatch", "k", sha256, actual));
    }

    @Test
    void matchingContentReadsToEofNormally() throws IOException {
        InputStream in = verifying(DATA, Sha256.of(DATA), DATA.length);
        assertThat(in.readAllBytes()).isEqualTo(DATA);
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void mismatchThrowsAtTheEndInsteadOfEof() throws IOException {
        byte[] altered = DATA.clone();
        altered[3] ^= 1;
        InputStream in = verifying(altered, Sha256.of(DATA), DATA.length);
        byte[] firstPart = in.readNBytes(DATA.length); // all bytes come through...
        assertThat(firstPart).isEqualTo(altered);
        assertThatThrownBy(in::read) // ...but EOF is never signalled
                .isInstanceOfSatisfying(
                        CorruptObjectException.class,
                        e -> assertThat(e.actualSha256()).isEqualTo(Sha256.of(altered)));
        assertThatThrownBy(in::read).isInstanceOf(CorruptObjectException.class);
    }

    @Test
    void truncatedContentWithTheRightPrefixIsCaughtSingleByteReads() {
        InputStream in = verifying(java.util.Arrays.copyOf(DATA, 5), Sha256.of(DATA), DATA.length);
        assertThatThrownBy(() -> {
                    while (in.read() != -1) {
                        // drain byte by byte
                    }
                })
                .isInstanceOf(CorruptObjectException.class);
    }

    @Test
    void skippedBytesAreStillHashed() throws IOException {
        InputStream good = verifying(DATA, Sha256.of(DATA), DATA.length);
        assertThat(good.skip(7)).isEqualTo(7);
        assertThat(good.readAllBytes()).hasSize(DATA.length - 7);

        byte[] altered = DATA.clone();
        altered[1] ^= 1; // inside the skipped range
        InputStream bad = verifying(altered, Sha256.of(DATA), DATA.length);
        bad.skip(7);
        assertThatThrownBy(bad::readAllBytes).isInstanceOf(CorruptObjectException.class);
    }
}
