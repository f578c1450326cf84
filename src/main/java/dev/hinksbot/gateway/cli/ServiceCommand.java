package dev.hinksbot.gateway.cli;

import dev.hinksbot.gateway.config.ConfigLoader;
import dev.hinksbot.gateway.config.GatewayHome;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `hinksbot service install|status|uninstall`: the gateway as a systemd service (Linux) or a launchd job (macOS). */
@Command(name = "service", description = "Run the gateway as a service: systemd on Linux, launchd on macOS.",
        subcommands = {ServiceCommand.Install.class, ServiceCommand.Status.class, ServiceCommand.Uninstall.class})
final class ServiceCommand {

    /** --user (the default: runs as you, from your session's service manager) or --system (at boot). */
    static final class Scope {
        @Option(names = "--user", description = "a service of your user (the default)")
        boolean user;
        @Option(names = "--system", description = "a system service (needs root), run as the home's owner")
        boolean system;
    }

    /** Where the unit goes and how the service manager is driven, for this machine and scope. */
    record Target(boolean launchd, boolean system, Path file) {
        static Target of(Scope scope) {
            boolean system = scope != null && scope.system;
            boolean launchd = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");
            Path home = Path.of(System.getProperty("user.home"));
            Path file;
            if (launchd) {
                file = (system ? Path.of("/Library/LaunchDaemons") : home.resolve("Library/LaunchAgents"))
                        .resolve(ServiceUnits.LAUNCHD_LABEL + ".plist");
            } else if (system) {
                file = Path.of("/etc/systemd/system", ServiceUnits.SYSTEMD_NAME);
            } else {
                String config = System.getenv("XDG_CONFIG_HOME");
                file = (config == null || config.isBlank() ? home.resolve(".config") : Path.of(config))
                        .resolve("systemd/user").resolve(ServiceUnits.SYSTEMD_NAME);
            }
            return new Target(launchd, system, file);
        }

        List<String> systemctl(String... args) {
            List<String> command = new ArrayList<>(List.of("systemctl"));
            if (!system) {
                command.add("--user");
            }
            command.addAll(List.of(args));
            return command;
        }
    }

    @Command(name = "install", description = "Write the unit (and enable and start it); --dry-run prints it instead.")
    static final class Install implements Callable<Integer> {
        @ArgGroup(exclusive = true)
        Scope scope;
        @Option(names = "--dry-run", description = "print the unit and change nothing")
        boolean dryRun;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Target target = Target.of(scope);
            GatewayHome home = ConfigLoader.fromEnvironment().home();
            if (!Files.isRegularFile(home.configFile())) {
                System.err.println("hinksbot: no config file " + home.configFile() + ": run `hinksbot init " + home.root()
                        + "` first, or pass --home DIR");
                return 2;
            }
            Optional<String> user = target.system() ? owner(home.root()) : Optional.empty();
            ServiceUnits.Launch launch = ServiceUnits.Launch.current();
            String text = target.launchd() ? ServiceUnits.launchd(launch, home.root(), user)
                    : ServiceUnits.systemd(launch, home.root(), target.system(), user);
            if (dryRun) {
                System.out.println("# " + target.file());
                System.out.print(text);
                return 0;
            }
            Files.createDirectories(target.file().getParent());
            Files.writeString(target.file(), text);
            System.out.println("wrote " + target.file());
            if (target.launchd()) {
                return run(List.of("launchctl", "load", "-w", target.file().toString()));
            }
            int reload = run(target.systemctl("daemon-reload"));
            return reload != 0 ? reload : run(target.systemctl("enable", "--now", ServiceUnits.SYSTEMD_NAME));
        }

        /** The owner of the home, unless root (a system service should not run as root when a user owns the home). */
        private static Optional<String> owner(Path home) throws IOException {
            String owner = Files.getOwner(home).getName();
            return owner.equals("root") ? Optional.empty() : Optional.of(owner);
        }
    }

    @Command(name = "status", description = "Show whether the service is installed and running.")
    static final class Status implements Callable<Integer> {
        @ArgGroup(exclusive = true)
        Scope scope;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Target target = Target.of(scope);
            if (!Files.exists(target.file())) {
                System.out.println("not installed (no " + target.file() + "); `hinksbot service install` installs it");
                return 3;
            }
            System.out.println("installed: " + target.file());
            return target.launchd() ? run(List.of("launchctl", "list", ServiceUnits.LAUNCHD_LABEL))
                    : run(target.systemctl("status", "--no-pager", ServiceUnits.SYSTEMD_NAME));
        }
    }

    @Command(name = "uninstall", description = "Stop and disable the service and remove its unit.")
    static final class Uninstall implements Callable<Integer> {
        @ArgGroup(exclusive = true)
        Scope scope;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Target target = Target.of(scope);
            if (!Files.exists(target.file())) {
                System.out.println("not installed (no " + target.file() + ")");
                return 0;
            }
            if (target.launchd()) {
                run(List.of("launchctl", "unload", "-w", target.file().toString()));
                Files.delete(target.file());
            } else {
                run(target.systemctl("disable", "--now", ServiceUnits.SYSTEMD_NAME));
                Files.delete(target.file());
                run(target.systemctl("daemon-reload"));
            }
            System.out.println("removed " + target.file());
            return 0;
        }
    }

    /** Runs a service-manager command with this terminal; a missing tool is one line, not a stack trace. */
    static int run(List<String> command) throws InterruptedException {
        if (!onPath(command.get(0))) {
            System.err.println("hinksbot: " + command.get(0) + " is not on PATH; run yourself: " + String.join(" ", command));
            return 1;
        }
        try {
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        } catch (IOException e) {
            System.err.println("hinksbot: cannot run " + String.join(" ", command) + ": " + e.getMessage());
            return 1;
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
