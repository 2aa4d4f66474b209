package io.moeplatform.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParallelCorpusReaderTest {

    private final ParallelCorpusReader reader = new ParallelCorpusReader();

    private static InputStream utf8(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static InputStream resource(String name) {
        return ParallelCorpusReaderTest.class.getResourceAsStream(name);
    }

    @Test
    void tsvWithHeaderStatsAndDuplicates() throws IOException {
        String tsv = "src_lang\ttgt_lang\tsrc\ttgt\n"
                + "en\tde\tHello world\tHallo Welt\n"
                + "en\tde\tHello world\tHallo Welt\n"
                + "\n"
                + "en\tpt-br\tOpen file\tAbrir arquivo\r\n"
                + "eng\tdeu\tGood morning\tGuten Morgen";
        ParallelCorpus c = reader.read(utf8(tsv), CorpusFormat.TSV, "t.tsv");
        assertThat(c.pairs()).hasSize(4);
        assertThat(c.pairs().get(2)).isEqualTo(new SentencePair("en", "pt-BR", "Open file", "Abrir arquivo", 5));
        PairStats de = c.report().stats().get(new LanguagePair("en", "de"));
        assertThat(de).isEqualTo(new PairStats(3, 11 + 11 + 12, 10 + 10 + 12, 6, 6, 1));
        assertThat(c.report().stats()).containsKey(new LanguagePair("en", "pt-BR"));
        assertThat(c.report().skipped()).isEqualTo(1);
        assertThat(c.report().total().pairs()).isEqualTo(4);
    }

    @Test
    void badTsvIsRejectedWithEveryProblem() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("en\tde\tfine\tgut\n".getBytes(StandardCharsets.UTF_8)); // 1 ok
        b.writeBytes(new byte[] {'e', 'n', '\t', 'd', 'e', '\t', 'b', (byte) 0xFF, '\t', 'x', '\n'}); // 2
        b.writeBytes("en\tde\tonly three\n".getBytes(StandardCharsets.UTF_8)); // 3
        b.writeBytes("en\tqq\tHello\tHallo\n".getBytes(StandardCharsets.UTF_8)); // 4
        b.writeBytes("en\tde\tHello\t  \n".getBytes(StandardCharsets.UTF_8)); // 5
        b.writeBytes(("en\tde\t" + "x".repeat(100) + "\tkurz\n").getBytes(StandardCharsets.UTF_8)); // 6
        b.writeBytes("en_US\tde\tHi\tHallo\n".getBytes(StandardCharsets.UTF_8)); // 7
        InvalidCorpusException e = catchThrowableOfType(
                InvalidCorpusException.class,
                () -> reader.read(new ByteArrayInputStream(b.toByteArray()), CorpusFormat.TSV, "bad.tsv"));
        assertThat(e.totalProblems()).isEqualTo(6);
        assertThat(e.problems())
                .extracting(CorpusProblem::toString)
                .containsExactly(
                        "bad.tsv:2: not valid UTF-8: byte 0xFF at column 8",
                        "bad.tsv:3: expected 4 tab-separated fields (src_lang, tgt_lang, src, tgt), found 3",
                        "bad.tsv:4: tgt_lang: unknown language code 'qq' ('qq' is not an ISO 639-1 or 639-3 code)",
                        "bad.tsv:5: tgt: empty target",
                        "bad.tsv:6: src: length ratio 25.0 (source 100, target 4 characters) exceeds 9.0",
                        "bad.tsv:7: src_lang: language code 'en_US' uses '_'; BCP 47 separates subtags with '-'"
                                + " ('en-US')");
        assertThat(e.getMessage()).startsWith("bad.tsv: rejected with 6 problems");
        assertThat(InvalidCorpusException.TYPE).startsWith("https://");
    }

    @Test
    void problemsAreCappedButCounted() {
        String tsv = "en\tde\tx\t\n".repeat(150);
        InvalidCorpusException e = catchThrowableOfType(
                InvalidCorpusException.class, () -> reader.read(utf8(tsv), CorpusFormat.TSV, "m.tsv"));
        assertThat(e.problems()).hasSize(100);
        assertThat(e.totalProblems()).isEqualTo(150);
        assertThat(e.problems().get(99).line()).isEqualTo(100);
    }

    @Test
    void shortPairsAreExemptFromTheRatio() throws IOException {
        // 10 characters against 1 exceeds 9, but the longer side is under the 20-character minimum
        ParallelCorpus c = reader.read(utf8("en\tja\tOpen files\t開\n"), CorpusFormat.TSV, "r.tsv");
        assertThat(c.pairs()).hasSize(1);
        ParallelCorpusReader strict =
                new ParallelCorpusReader(CorpusReaderOptions.defaults().withMaxLengthRatio(3, 5));
        assertThatThrownBy(() -> strict.read(utf8("en\tja\tOpen files\t開\n"), CorpusFormat.TSV, "r.tsv"))
                .isInstanceOf(InvalidCorpusException.class)
                .hasMessageContaining("length ratio 10.0");
    }

    @Test
    void scanStreamsPairsAndReportsWithoutThrowing() throws IOException {
        List<SentencePair> seen = new java.util.ArrayList<>();
        CorpusReport r = reader.scan(utf8("en\tde\ta\tb\nen\tde\tc\t\n"), CorpusFormat.TSV, "s.tsv", seen::add);
        assertThat(r.valid()).isFalse();
        assertThat(seen).hasSize(1);
        assertThatThrownBy(r::orThrow).isInstanceOf(InvalidCorpusException.class);
    }

    @Test
    void jsonl() throws IOException {
        String ok = "{\"src_lang\":\"en\",\"tgt_lang\":\"zh-Hans\",\"src\":\"Hello\",\"tgt\":\"你好\",\"id\":7}\n"
                + "{\"src_lang\":\"en\",\"tgt_lang\":\"fr\",\"src\":\"Tab\\tand \\\"quote\\\"\",\"tgt\":\"Tab\\tet « guillemet »\"}\n";
        ParallelCorpus c = reader.read(utf8(ok), CorpusFormat.JSONL, "ok.jsonl");
        assertThat(c.pairs()).extracting(SentencePair::tgtLang).containsExactly("zh-Hans", "fr");
        assertThat(c.pairs().get(1).src()).isEqualTo("Tab\tand \"quote\"");

        String bad = "{\"src_lang\":\"en\",\"tgt_lang\":\"de\",\"src\":\"a\"}\n"
                + "{not json}\n"
                + "[1,2]\n"
                + "{\"src_lang\":\"en\",\"tgt_lang\":\"de\",\"src\":5,\"tgt\":\"b\"}\n";
        InvalidCorpusException e = catchThrowableOfType(
                InvalidCorpusException.class, () -> reader.read(utf8(bad), CorpusFormat.JSONL, "bad.jsonl"));
        assertThat(e.problems())
                .extracting(p -> p.line() + " " + p.field() + " " + p.reason().split(":")[0])
                .containsExactly(
                        "1 tgt missing member \"tgt\"",
                        "2 null not valid JSON",
                        "3 null expected a JSON object, found an array",
                        "4 src expected a string, found a number");
    }

    @Test
    void mosesPairs() throws IOException {
        ParallelCorpus c =
                reader.readMoses(utf8("One\nTwo\n"), "data/corpus.en", utf8("Eins\nZwei\n"), "data/corpus.de");
        assertThat(c.pairs())
                .containsExactly(
                        new SentencePair("en", "de", "One", "Eins", 1), new SentencePair("en", "de", "Two", "Zwei", 2));
    }

    @Test
    void misalignedMosesPairNamesBothFilesAndCounts() {
        InvalidCorpusException e = catchThrowableOfType(
                InvalidCorpusException.class,
                () -> reader.readMoses(utf8("a\nb\nc\nd\n"), "c.en", utf8("x\ny\n"), "c.de"));
        assertThat(e.problems())
                .extracting(CorpusProblem::toString)
                .containsExactly("c.en:3: misaligned files: c.en has 4 lines, c.de has 2");
        assertThat(e.file()).isEqualTo("c.en + c.de");
    }

    @Test
    void mosesTargetProblemsNameTheTargetFile() {
        InvalidCorpusException e = catchThrowableOfType(
                InvalidCorpusException.class, () -> reader.readMoses(utf8("a\nb\n"), "c.en", utf8("x\n\n"), "c.xx"));
        assertThat(e.problems())
                .extracting(CorpusProblem::toString)
                .containsExactly(
                        "c.xx:1: tgt_lang: unknown language code 'xx' ('xx' is not an ISO 639-1 or 639-3 code)",
                        "c.xx:2: tgt_lang: unknown language code 'xx' ('xx' is not an ISO 639-1 or 639-3 code)",
                        "c.xx:2: tgt: empty target");
    }

    static final List<SentencePair> CATALOG = List.of(
            new SentencePair("en", "pt-BR", "Open file", "Abrir arquivo", 12),
            new SentencePair(
                    "en",
                    "pt-BR",
                    "Cannot open %s:\npermission denied",
                    "Não é possível abrir %s:\npermissão negada",
                    17),
            new SentencePair("en", "pt-BR", "Say \"hi\"\tnow \\ ok", "Diga \"oi\"\tagora \\ ok", 24),
            new SentencePair("en", "pt-BR", "%d file", "%d arquivo", 27),
            new SentencePair("en", "pt-BR", "Quit", "Sair", 40));

    @Test
    void poCatalog() throws IOException {
        ParallelCorpus c = reader.read(resource("catalog.po"), CorpusFormat.PO, "catalog.po");
        assertThat(c.pairs()).containsExactlyElementsOf(CATALOG);
        // header, fuzzy, untranslated, obsolete
        assertThat(c.report().skipped()).isEqualTo(4);
    }

    @Test
    void moCatalogsInBothByteOrdersMatchThePo() throws IOException {
        for (String name : List.of("catalog.mo", "catalog-be.mo")) {
            ParallelCorpus c = reader.read(resource(name), CorpusFormat.MO, name);
            // msgfmt sorts by msgid and numbers entries by their index, so compare the text only
            assertThat(c.pairs())
                    .as(name)
                    .extracting(p -> p.src() + "=" + p.tgt() + "@" + p.tgtLang())
                    .containsExactlyInAnyOrderElementsOf(CATALOG.stream()
                            .map(p -> p.src() + "=" + p.tgt() + "@" + p.tgtLang())
                            .toList());
        }
    }

    @Test
    void moInLatin1IsDecodedWithItsCharset() throws IOException {
        byte[] mo = MoWriter.write(
                true,
                new String[] {"", "Cafe"},
                new String[] {"Language: fr\nContent-Type: text/plain; charset=ISO-8859-1\n", "Café"},
                StandardCharsets.ISO_8859_1);
        ParallelCorpus c = reader.read(new ByteArrayInputStream(mo), CorpusFormat.MO, "l1.mo");
        assertThat(c.pairs()).containsExactly(new SentencePair("en", "fr", "Cafe", "Café", 2));
    }

    @Test
    void moWithoutLanguageNeedsTheOption() throws IOException {
        byte[] mo = MoWriter.write(
                false,
                new String[] {"", "Yes"},
                new String[] {"Content-Type: text/plain; charset=UTF-8\n", "Sí"},
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(mo), CorpusFormat.MO, "x.mo"))
                .isInstanceOf(InvalidCorpusException.class)
                .hasMessageContaining("x.mo:0: tgt_lang: no Language: header");
        ParallelCorpusReader es =
                new ParallelCorpusReader(CorpusReaderOptions.defaults().withGettextLanguages("en", "es"));
        assertThat(es.read(new ByteArrayInputStream(mo), CorpusFormat.MO, "x.mo")
                        .pairs())
                .containsExactly(new SentencePair("en", "es", "Yes", "Sí", 2));
    }

    @Test
    void corruptMoIsRejected() {
        assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(new byte[40]), CorpusFormat.MO, "z.mo"))
                .isInstanceOf(InvalidCorpusException.class)
                .hasMessageContaining("z.mo:0: not a .mo file: magic 0x00000000");
    }

    @Test
    void badPoSyntaxIsReportedWithLine() {
        String po = "msgid \"a\"\nmsgstr \"b\\q\"\nmsgid \"c\"\nmsgstr d\n";
        InvalidCorpusException e = catchThrowableOfType(
                InvalidCorpusException.class,
                () -> new ParallelCorpusReader(CorpusReaderOptions.defaults().withGettextLanguages("en", "de"))
                        .read(utf8(po), CorpusFormat.PO, "s.po"));
        assertThat(e.problems())
                .extracting(CorpusProblem::toString)
                .containsExactly(
                        "s.po:2: msgstr: unknown escape \\q at column 10",
                        "s.po:4: msgstr: expected a quoted string, found: d");
    }

    @Test
    void formatFromFileName() {
        assertThat(CorpusFormat.fromFileName("a/B.TSV")).isEqualTo(CorpusFormat.TSV);
        assertThat(CorpusFormat.fromFileName("x.jsonl")).isEqualTo(CorpusFormat.JSONL);
        assertThat(CorpusFormat.fromFileName("de.po")).isEqualTo(CorpusFormat.PO);
        assertThat(CorpusFormat.fromFileName("de.mo")).isEqualTo(CorpusFormat.MO);
        assertThat(CorpusFormat.fromFileName("corpus.de")).isEqualTo(CorpusFormat.MOSES);
    }
}
