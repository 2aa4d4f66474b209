package io.moeplatform.cli;

import io.moeplatform.core.run.Translator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code moe local translate}: greedy translation with a checkpoint, one sentence per line. */
@Command(
    name = "translate",
    mixinStandardHelpOptions = true,
    description = "Translate sentences (arguments, or standard input one per line) with a checkpoint.")
final class LocalTranslateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = {"-c", "--checkpoint"}, required = true, description = "checkpoint directory (from moe local train or a platform download)")
  Path checkpoint;

  @Option(names = {"-t", "--to"}, required = true, description = "target language, e.g. de")
  String target;

  @Option(names = "--tokenizer", description = "tokenizer.json, when the checkpoint has none")
  Path tokenizer;

  @Parameters(paramLabel = "TEXT", arity = "0..*", description = "sentences; none reads standard input")
  List<String> texts = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.exists(checkpoint.resolve("config.json"))) {
      err.println("moe local translate: " + checkpoint + " is not a checkpoint (no config.json)");
      return 2;
    }
    List<String> sources = texts;
    if (sources.isEmpty()) {
      sources = new ArrayList<>();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        sources.add(line);
      }
    }
    try (Translator translator = tokenizer == null ? Translator.load(checkpoint) : Translator.load(checkpoint, tokenizer)) {
      translator.translate(sources, target).forEach(out::println);
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("moe local translate: " + e.getMessage());
      return 2;
    }
  }
}
