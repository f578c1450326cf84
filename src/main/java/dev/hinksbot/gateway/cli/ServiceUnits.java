package dev.hinksbot.gateway.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The text of a systemd unit or a launchd plist that runs the gateway from {@code home} with the JVM and jar (or
 * class path) it runs with now. No secret goes into either: they stay in the home's config file.
 */
final class ServiceUnits {
    static final String SYSTEMD_NAME = "hinksbot.service";
    static final String LAUNCHD_LABEL = "dev.hinksbot.gateway";

    /**
     * The command line that starts the gateway and the environment it needs: the distribution's {@code bin/hinksbot
     * run} when the jar sits in one (it starts from a class-data-sharing archive, see the script), else {@code java -jar
     * JAR run} (or {@code -cp … MainClass run} from classes).
     */
    record Launch(List<String> command, Map<String, String> environment) {
        Launch {
            command = List.copyOf(command);
            environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        }

        Launch(List<String> command) {
            this(command, Map.of());
        }

        /** How this JVM was started: its java executable, and the jar holding the CLI (or this class path). */
        static Launch current() {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Path code;
            try {
                code = Path.of(GatewayCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (Exception e) {
                throw new IllegalStateException("cannot tell where the gateway's jar is: " + e.getMessage(), e);
            }
            Path script = code.getParent() == null ? null : code.getParent().resolve("bin").resolve("hinksbot");
            if (code.getFileName().toString().endsWith(".jar") && script != null && Files.isExecutable(script)) {
                return new Launch(List.of(script.toString(), "run"), Map.of("JAVA_HOME", System.getProperty("java.home")));
            }
            List<String> command = new ArrayList<>(List.of(java.toString()));
            if (code.getFileName().toString().endsWith(".jar")) {
                command.addAll(List.of("-jar", code.toString()));
            } else {
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), GatewayCli.class.getName()));
            }
            command.add("run");
            return new Launch(command);
        }

        /** The variables a unit sets: HINKSBOT_HOME, the archive's folder under the home's data/, and the launch's own. */
        Map<String, String> environment(Path home) {
            Map<String, String> all = new LinkedHashMap<>();
            all.put("HINKSBOT_HOME", home.toString());
            if (command.get(0).endsWith("hinksbot")) {
                all.put("HINKSBOT_CDS_DIR", home.resolve("data").resolve("cds").toString());
            }
            all.putAll(environment);
            return all;
        }
    }

    private ServiceUnits() {
    }

    /** A systemd unit; {@code user} is the account a system unit runs as (empty: a user unit, run by its owner). */
    static String systemd(Launch launch, Path home, boolean system, Optional<String> user) {
        StringBuilder unit = new StringBuilder();
        unit.append("# HinksBot Gateway, written by `hinksbot service install`; `hinksbot service uninstall` removes it.\n");
        unit.append("# Tokens and keys stay in ").append(escapeSpecifiers(home.resolve("config/application.properties").toString()))
                .append(" (chmod 600), never in this unit.\n");
        unit.append("[Unit]\nDescription=HinksBot Gateway\n");
        if (system) {
            unit.append("After=network-online.target\nWants=network-online.target\n");
        }
        unit.append("\n[Service]\nType=simple\n");
        user.ifPresent(u -> unit.append("User=").append(u).append('\n'));
        unit.append("WorkingDirectory=").append(escapeSpecifiers(home.toString())).append('\n');
        launch.environment(home).forEach((name, value) -> unit.append("Environment=").append(quote(name + "=" + value)).append('\n'));
        unit.append("ExecStart=").append(launch.command().stream().map(ServiceUnits::quote).collect(Collectors.joining(" "))).append('\n');
        unit.append("Restart=on-failure\nRestartSec=5\n");
        unit.append("# after SIGTERM the JVM exits with 143 once the gateway has stopped cleanly\nSuccessExitStatus=143\n");
        unit.append("# SIGTERM to the gateway alone: it stops the llama-server it runs before it exits\nKillMode=mixed\n");
        unit.append("TimeoutStopSec=60\n");
        unit.append("\n[Install]\nWantedBy=").append(system ? "multi-user.target" : "default.target").append('\n');
        return unit.toString();
    }

    /** A launchd property list (LaunchAgents for a user, LaunchDaemons with {@code user} for the system). */
    static String launchd(Launch launch, Path home, Optional<String> user) {
        StringBuilder plist = new StringBuilder();
        plist.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        plist.append("<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n");
        plist.append("<!-- HinksBot Gateway, written by `hinksbot service install`; no secret is kept here -->\n");
        plist.append("<plist version=\"1.0\">\n<dict>\n");
        plist.append("  <key>Label</key><string>").append(LAUNCHD_LABEL).append("</string>\n");
        plist.append("  <key>ProgramArguments</key>\n  <array>\n");
        launch.command().forEach(a -> plist.append("    <string>").append(xml(a)).append("</string>\n"));
        plist.append("  </array>\n");
        user.ifPresent(u -> plist.append("  <key>UserName</key><string>").append(xml(u)).append("</string>\n"));
        plist.append("  <key>WorkingDirectory</key><string>").append(xml(home.toString())).append("</string>\n");
        plist.append("  <key>EnvironmentVariables</key>\n  <dict>\n");
        launch.environment(home).forEach((name, value) -> plist.append("    <key>").append(xml(name)).append("</key><string>")
                .append(xml(value)).append("</string>\n"));
        plist.append("  </dict>\n");
        plist.append("  <key>RunAtLoad</key><true/>\n");
        plist.append("  <!-- restarted when it fails, not after a clean stop -->\n");
        plist.append("  <key>KeepAlive</key>\n  <dict>\n    <key>SuccessfulExit</key><false/>\n  </dict>\n");
        String log = xml(home.resolve("data").resolve("gateway.log").toString());
        plist.append("  <key>StandardOutPath</key><string>").append(log).append("</string>\n");
        plist.append("  <key>StandardErrorPath</key><string>").append(log).append("</string>\n");
        plist.append("</dict>\n</plist>\n");
        return plist.toString();
    }

    /** One word of a systemd command line or assignment: quoted when it has blanks or quotes; % and $ escaped. */
    static String quote(String word) {
        String escaped = escapeSpecifiers(word).replace("$", "$$");
        if (escaped.matches("[A-Za-z0-9_./:=+,@-]+")) {
            return escaped;
        }
        return "\"" + escaped.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String escapeSpecifiers(String text) {
        return text.replace("%", "%%");
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
