package dev.hinksbot.gateway.e2e;

import dev.hinksbot.gateway.cli.GatewayCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the gateway's command line in the test JVM, as `java -jar … <args>` would. */
final class CliRunner {
    private CliRunner() {
    }

    /** The exit code. */
    static int cli(String... args) {
        return new CommandLine(new GatewayCli()).execute(args);
    }

    /** What the command printed to stdout. */
    static String cliOut(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            cli(args);
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
