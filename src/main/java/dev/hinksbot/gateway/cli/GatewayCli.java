package dev.hinksbot.gateway.cli;

import dev.hinksbot.gateway.GatewayApp;
import dev.hinksbot.gateway.config.ConfigException;
import dev.hinksbot.gateway.config.ConfigLoader;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `java -jar target/hinksbot-gateway.jar [run | routes validate | pairing … | outbox … | cron …]`. */
@Command(name = "hinksbot-gateway", mixinStandardHelpOptions = true, version = "HinksBot Gateway 0.1.0", scope = CommandLine.ScopeType.INHERIT,
        description = "Self-hosted AI gateway for llama-server.",
        subcommands = {GatewayCli.Run.class, RoutesCommand.class, PairingCommand.class, OutboxCommand.class,
                CronCommand.class, BackupCommand.class, DoctorCommand.class})
public final class GatewayCli implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(new CommandLine(new GatewayCli()).execute(args));
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
            GatewayApp app;
            try {
                app = GatewayApp.start(ConfigLoader.fromEnvironment(), Map.of());
            } catch (ConfigException e) {
                System.err.println("hinksbot-gateway: " + e.getMessage());
                return 2;
            }
            app.awaitShutdown();
            return 0;
        }
    }
}
