package io.moeplatform.cli;

import io.moeplatform.cli.local.LocalCommand;
import io.moeplatform.cli.local.ScoreCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code moe} command line. */
@Command(
        name = "moe",
        mixinStandardHelpOptions = true,
        version = "moe 0.1.0",
        description = "MoE Platform: train, prune and evaluate Mixture-of-Experts models.",
        subcommands = {ScoreCommand.class, LocalCommand.class})
public final class MoeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new MoeCommand()).execute(args));
    }
}
