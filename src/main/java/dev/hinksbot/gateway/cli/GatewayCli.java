package dev.hinksbot.gateway.cli;

import dev.hinksbot.gateway.GatewayApp;
import dev.hinksbot.gateway.common.ConfigException;
import dev.hinksbot.gateway.config.ConfigLoader;
import dev.hinksbot.gateway.config.GatewayHome;
import dev.hinksbot.gateway.store.StoreException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `java -jar target/hinksbot-gateway.jar [--home DIR] [run | init | service … | routes validate | pairing … | outbox … | cron …]`. */
@Command(name = "hinksbot-gateway", mixinStandardHelpOptions = true, version = "HinksBot Gateway 0.1.0", scope = CommandLine.ScopeType.INHERIT,
        description = "Self-hosted AI gateway for llama-server.",
        subcommands = {GatewayCli.Run.class, RoutesCommand.class, PairingCommand.class, OutboxCommand.class,
                CronCommand.class, InitCommand.class, ServiceCommand.class, BackupCommand.class, DoctorCommand.class,
                ConfigCommand.class})
public final class GatewayCli implements Callable<Integer> {

    public static void main(String[] args) {
        java.util.Optional<PlainRun> plainRun = plainRun(args);
        if (plainRun.isPresent()) {
            // the gateway itself, as a service or the docs start it: picocli's model of every command costs start-up
            // a few hundred ms, so `[--home DIR] [run] [--home DIR]` is read here
            if (plainRun.get().home() != null) {
                useHome(plainRun.get().home());
            }
            int code;
            try {
                code = runGateway();
            } catch (Exception e) {
                e.printStackTrace(); // as picocli reports what a command throws
                code = 1;
            }
            System.exit(code);
        }
        CommandLine cli = new CommandLine(new GatewayCli());
        // a config problem (no home, a bad key) is one line and exit code 2 in every command, not a stack trace
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof ConfigException) {
                command.getErr().println("hinksbot-gateway: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }

    /**
     * {@code --home DIR}, before or after the subcommand: becomes the system property every command's config loading
     * reads ({@link GatewayHome#PROPERTY}), as {@code -Dhinksbot.home=DIR} would.
     */
    @Option(names = "--home", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "the home folder (config/, routes/, data …); default: HINKSBOT_HOME, else the current folder"
                    + " when it has config/, else ~/.hinksbot")
    void home(Path dir) {
        useHome(dir.toString());
    }

    private static void useHome(String dir) {
        System.setProperty(GatewayHome.PROPERTY, Path.of(dir).toAbsolutePath().normalize().toString());
    }

    /** A command line that only runs the gateway; {@code home}: the {@code --home} given, or null. */
    record PlainRun(String home) {
    }

    /**
     * For {@code []}, {@code [run]} and either with one {@code --home DIR} (or {@code --home=DIR}) before or after
     * {@code run}. Empty for everything else (picocli reads it: other commands, --help, typos).
     */
    static java.util.Optional<PlainRun> plainRun(String[] args) {
        String home = null;
        boolean run = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("run") && !run) {
                run = true;
            } else if (a.equals("--home") && home == null && i + 1 < args.length && !args[i + 1].isBlank()
                    && !args[i + 1].startsWith("-")) {
                home = args[++i];
            } else if (a.startsWith("--home=") && home == null && a.length() > "--home=".length()) {
                home = a.substring("--home=".length());
            } else {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(new PlainRun(home));
    }

    /** With no subcommand, run the gateway. */
    @Override
    public Integer call() throws Exception {
        return new Run().call();
    }

    @Command(name = "run", description = "Run the gateway (the default).")
    static final class Run implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return runGateway();
        }
    }

    /** Runs the gateway until the JVM is stopped; the exit code. */
    static int runGateway() throws Exception {
        GatewayApp app;
        try {
            app = GatewayApp.startWithShutdownHook(ConfigLoader.fromEnvironment());
        } catch (GatewayApp.StartAborted e) {
            return 0; // stopped while starting (SIGTERM): the shutdown hook stopped what had started
        } catch (ConfigException e) {
            System.err.println("hinksbot-gateway: " + e.getMessage());
            return 2;
        } catch (StoreException e) {
            // e.g. a migration that failed (its file, line and statement) or a database held by another process
            System.err.println("hinksbot-gateway: the database cannot be opened: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            java.util.Optional<String> yours = StartFailure.describe(e);
            if (yours.isEmpty()) {
                throw e;
            }
            System.err.println("hinksbot-gateway: " + yours.get());
            return 2;
        }
        app.awaitShutdown();
        return 0;
    }
}
