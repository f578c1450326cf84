package dev.hinksbot.gateway.cli;

import dev.hinksbot.gateway.config.ConfigKeys;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "config", description = "Work with the configuration keys.", subcommands = ConfigCommand.Keys.class)
final class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("usage: config keys [--markdown]");
        return 2;
    }

    /**
     * Every key of the shipped config/application.properties with its default and its comment: the same list
     * validation accepts, so what this prints cannot drift from what the gateway reads. Only shipped defaults are
     * printed, never the home's values (they may be secrets).
     */
    @Command(name = "keys", description = "Print every config key with its default and what it does.")
    static final class Keys implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--markdown", description = "print a Markdown table (key | default | meaning)")
        boolean markdown;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ConfigKeys keys = ConfigKeys.shipped();
            if (markdown) {
                out.println("| key | default | meaning |");
                out.println("|---|---|---|");
            }
            for (ConfigKeys.Key key : keys.keys()) {
                if (markdown) {
                    out.println("| `" + key.name() + "` | " + (key.defaultValue().isEmpty() ? "empty" : "`" + cell(key.defaultValue()) + "`")
                            + " | " + cell(key.comment()) + " |");
                } else {
                    out.println(key.name() + "=" + key.defaultValue());
                    if (!key.comment().isEmpty()) {
                        out.println("    " + key.comment());
                    }
                }
            }
            out.flush();
            return 0;
        }

        private static String cell(String text) {
            return text.replace("|", "\\|");
        }
    }
}
