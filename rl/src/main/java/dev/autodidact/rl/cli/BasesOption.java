package dev.autodidact.rl.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --bases DIR} option shared by the commands that train or load a cached base policy. */
final class BasesOption {
    @Option(names = "--bases", paramLabel = "DIR", defaultValue = "runs/.bases", description = "cache of trained base policies (default ${DEFAULT-VALUE})")
    Path dir;
}
