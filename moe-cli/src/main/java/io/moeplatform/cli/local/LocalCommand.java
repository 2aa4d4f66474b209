package io.moeplatform.cli.local;

import picocli.CommandLine.Command;

/** {@code moe local …}: the engine on this machine, without a platform. */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        description = "Run the MoE engine on this machine, without a server.",
        subcommands = {LocalTrainCommand.class, LocalTranslateCommand.class})
public final class LocalCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
