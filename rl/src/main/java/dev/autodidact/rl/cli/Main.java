package dev.autodidact.rl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The {@code autodidact} command-line application. Commands exist only once they work: today
 * {@code demo}, {@code run}, {@code sft}, {@code eval}, {@code sample}, {@code report}, {@code list} and {@code bench}.
 */
@Command(name = "autodidact", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = "Self-rewarding reinforcement learning on small transformers, in pure Java.",
        subcommands = {DemoCommand.class, RunCommand.class, SftCommand.class, EvalCommand.class, SampleCommand.class, ReportCommand.class, ListCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Run 'autodidact help COMMAND' for a command's options."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a command: the usage, and exit code 2 (nothing was done). */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the application with {@code args}, writing to {@code out} and {@code err}; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // Expected failures (a missing directory, a bad file) are one sentence, not a stack trace.
            if (e instanceof IOException || e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof UncheckedIOException) {
                String message = e instanceof java.nio.file.NoSuchFileException n ? n.getFile() + ": " + (n.getReason() == null ? "no such file" : n.getReason())
                        : e.getMessage();
                commandLine.getErr().println(commandLine.getCommandName() + ": " + message);
                return 1;
            }
            throw e;
        });
        return cl.execute(args);
    }

    /** The version from the build (the Maven project version). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"autodidact " + version(), "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
        }

        static String version() {
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in == null) return "unknown";
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            } catch (IOException e) {
                return "unknown";
            }
        }
    }
}
