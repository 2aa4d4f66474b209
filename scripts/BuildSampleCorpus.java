import io.moeplatform.core.data.CorpusFormat;
import io.moeplatform.core.data.CorpusReaderOptions;
import io.moeplatform.core.data.CorpusReport;
import io.moeplatform.core.data.LanguageTags;
import io.moeplatform.core.data.ParallelCorpusReader;
import io.moeplatform.core.data.SentencePair;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds samples/corpus from gettext catalogs unpacked from Debian packages, with moe-core's own
 * .mo reader. Run by scripts/build-sample-corpus.sh:
 *
 * <pre>java -cp moe-core/target/classes:GSON BuildSampleCorpus.java ROOT OUT DOMAINS PER_LANG LANGS</pre>
 *
 * ROOT holds usr/share/locale/LOCALE/LC_MESSAGES/DOMAIN.mo. For each locale (English variants
 * left out), the catalogs of DOMAINS are read (the locale directory names the target language),
 * entries are cleaned (no tab/newline, not empty, not identical to the source, at most 200
 * characters), de-duplicated, and the LANGS languages with most pairs are kept, PER_LANG pairs
 * each, chosen by SHA-256 so the choice is stable. Split by SHA-256 of the English source, so one
 * English sentence lies in one split for every language: 3% test, 3% valid, the rest train.
 */
public class BuildSampleCorpus {

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Path out = Path.of(args[1]);
    List<String> domains = List.of(args[2].split(","));
    int perLang = Integer.parseInt(args[3]);
    int langs = Integer.parseInt(args[4]);
    LanguageTags tags = LanguageTags.standard();
    Map<String, Set<SentencePair>> byLang = new TreeMap<>();
    List<Path> locales;
    try (Stream<Path> s = Files.list(root.resolve("usr/share/locale"))) {
      locales = s.sorted().toList();
    }
    for (Path locale : locales) {
      String name = locale.getFileName().toString();
      String lang = LanguageTags.fromGettextLocale(name);
      if (name.startsWith("en") || !tags.isValid(lang)) {
        continue;
      }
      lang = tags.normalize(lang);
      ParallelCorpusReader reader =
          new ParallelCorpusReader(CorpusReaderOptions.defaults().withGettextLanguages("en", lang));
      for (String domain : domains) {
        Path mo = locale.resolve("LC_MESSAGES/" + domain + ".mo");
        if (!Files.isRegularFile(mo)) {
          continue;
        }
        Set<SentencePair> pairs = byLang.computeIfAbsent(lang, k -> new LinkedHashSet<>());
        try (InputStream in = Files.newInputStream(mo)) {
          CorpusReport r =
              reader.scan(
                  in,
                  CorpusFormat.MO,
                  mo.toString(),
                  p -> {
                    String src = p.src().strip();
                    String tgt = p.tgt().strip();
                    if (clean(src) && clean(tgt) && !src.equals(tgt)) {
                      pairs.add(new SentencePair(p.srcLang(), p.tgtLang(), src, tgt, 0));
                    }
                  });
          if (!r.valid()) {
            System.err.println(name + "/" + domain + ": left out " + r.totalProblems() + " entries");
          }
        }
      }
    }
    List<String> chosen =
        byLang.entrySet().stream()
            .sorted(Comparator.comparing((Map.Entry<String, Set<SentencePair>> e) -> -e.getValue().size())
                .thenComparing(Map.Entry::getKey))
            .limit(langs)
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    Map<String, List<String>> splits = new TreeMap<>();
    for (String split : List.of("train", "valid", "test")) {
      splits.put(split, new ArrayList<>());
    }
    for (String lang : chosen) {
      List<SentencePair> pairs = new ArrayList<>(byLang.get(lang));
      pairs.sort(Comparator.comparing(p -> sha256(p.src() + "\t" + p.tgt())));
      pairs = pairs.subList(0, Math.min(perLang, pairs.size()));
      int[] n = new int[3];
      for (SentencePair p : pairs) {
        int bucket = Integer.parseInt(sha256(p.src()).substring(0, 4), 16) % 100;
        String split = bucket < 3 ? "test" : bucket < 6 ? "valid" : "train";
        n[split.equals("train") ? 0 : split.equals("valid") ? 1 : 2]++;
        splits.get(split).add(p.srcLang() + "\t" + p.tgtLang() + "\t" + p.src() + "\t" + p.tgt());
      }
      System.out.printf("en-%s: %d pairs (train %d, valid %d, test %d)%n", lang, pairs.size(), n[0], n[1], n[2]);
    }
    Files.createDirectories(out);
    for (Map.Entry<String, List<String>> e : splits.entrySet()) {
      List<String> lines = e.getValue();
      lines.sort(
          Comparator.comparing((String l) -> l.split("\t")[1]).thenComparing(Comparator.naturalOrder()));
      try (BufferedWriter w = Files.newBufferedWriter(out.resolve(e.getKey() + ".tsv"), StandardCharsets.UTF_8)) {
        w.write("src_lang\ttgt_lang\tsrc\ttgt\n");
        for (String l : lines) {
          w.write(l);
          w.write('\n');
        }
      }
    }
  }

  private static boolean clean(String s) {
    return !s.isEmpty() && s.length() <= 200 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0
        && s.indexOf('\r') < 0;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
