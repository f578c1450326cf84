package dev.hinksbot.gateway.config;

import dev.hinksbot.gateway.common.ConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The folder every relative path of the gateway resolves against: the config file, routes, tools, agent profiles,
 * the database and the workspace. Named by {@code --home DIR} (the system property {@value #PROPERTY}) or
 * {@code HINKSBOT_HOME}; otherwise the current folder when it holds {@code config/}, else {@code ~/.hinksbot}.
 */
public record GatewayHome(Path root) {
    public static final String PROPERTY = "hinksbot.home";
    public static final String ENV = "HINKSBOT_HOME";
    /** Config keys whose values are paths (relative ones resolve against the home). */
    static final Set<String> PATH_KEYS = Set.of("gateway.database.path", "gateway.workspace", "gateway.tools.dir",
            "gateway.agent.dir", "gateway.delivery.dir", "gateway.llama.server.log-file", "gateway.cache-dir");
    private static final Pattern RETIRED = Pattern.compile("\\{\\{(hinksbot\\.[A-Za-z0-9.-]+)}}");
    private static final String ROUTES_PATTERN = "camel.main.routes-include-pattern";
    private static final String ROUTES_RELOAD_DIR = "camel.main.routes-reload-directory";

    public GatewayHome {
        root = root.toAbsolutePath().normalize();
    }

    /** The home named explicitly ({@code --home} or {@code HINKSBOT_HOME}), or the default rule's. */
    public static GatewayHome resolve(Map<String, String> env, Properties system) {
        return explicit(env, system).orElseGet(() -> {
            Path cwd = Path.of(system.getProperty("user.dir", System.getProperty("user.dir")));
            return new GatewayHome(Files.isDirectory(cwd.resolve("config")) ? cwd : userDefault(system));
        });
    }

    /** The home {@code --home} or {@code HINKSBOT_HOME} names, if either does. */
    public static Optional<GatewayHome> explicit(Map<String, String> env, Properties system) {
        String named = system.getProperty(PROPERTY);
        if (named == null || named.isBlank()) {
            named = env.get(ENV);
        }
        return named == null || named.isBlank() ? Optional.empty()
                : Optional.of(new GatewayHome(expandTilde(named.strip(), system)));
    }

    /** {@code ~/.hinksbot}. */
    public static Path userDefault(Properties system) {
        return Path.of(system.getProperty("user.home", System.getProperty("user.home")), ".hinksbot");
    }

    /** A path as written in config: {@code ~/x} is under the user's home folder, a relative one under this home. */
    public Path resolve(String value) {
        return root.resolve(expandTilde(value, System.getProperties())).normalize();
    }

    public Path configFile() {
        return root.resolve("config").resolve("application.properties");
    }

    /** The merged properties with every relative path (path keys, the routes' file patterns) made absolute under this home. */
    Map<String, String> anchor(Map<String, String> props) {
        for (String key : PATH_KEYS) {
            String value = props.get(key);
            if (value != null && !value.isBlank()) {
                props.put(key, resolve(value).toString());
            }
        }
        String patterns = props.get(ROUTES_PATTERN);
        if (patterns != null) {
            List<String> anchored = new ArrayList<>();
            for (String p : patterns.split(",")) {
                String t = p.strip();
                if (!t.startsWith("file:")) {
                    anchored.add(t);
                    continue;
                }
                Path pattern = resolve(t.substring("file:".length()));
                boolean routeFiles = t.endsWith(".yaml") || t.endsWith(".yml");
                // an optional folder (processors/) missing from an older home is skipped: Camel fails on a missing one
                if (routeFiles || pattern.getParent() == null || Files.isDirectory(pattern.getParent())) {
                    anchored.add("file:" + pattern);
                }
            }
            props.put(ROUTES_PATTERN, String.join(",", anchored));
        }
        String reloadDir = props.get(ROUTES_RELOAD_DIR);
        if (reloadDir != null && !reloadDir.isBlank()) {
            props.put(ROUTES_RELOAD_DIR, resolve(reloadDir).toString());
        }
        return props;
    }

    /**
     * Fails with one line when a folder the routes are loaded from ({@code file:} patterns) is missing: Camel would
     * otherwise start with no routes and the gateway would fail later with a misleading "not listening".
     */
    public void requireRoutes(Map<String, String> props) {
        String patterns = props.getOrDefault(ROUTES_PATTERN, "");
        for (String p : patterns.split(",")) {
            String t = p.strip();
            // route files are required; a folder of optional extras (processors/*.java) may be missing
            if (!t.startsWith("file:") || !(t.endsWith(".yaml") || t.endsWith(".yml"))) {
                continue;
            }
            Path dir = Path.of(t.substring("file:".length())).getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                throw new ConfigException("no routes folder " + dir + " (home " + root + "): run `hinksbot init "
                        + root + "` to write the default routes, or pass --home DIR / set " + ENV + " to a home that has them");
            }
            if (dir != null) {
                refuseRetiredPlaceholders(dir);
            }
        }
    }

    /**
     * Route files of an older home used {@code {{hinksbot.*}}} placeholders the gateway computed; they are gone (routes
     * read the gateway.* keys and switch channels by precondition), and Camel would fail on the first with a stack
     * trace. One line names the file and the fix instead.
     */
    private void refuseRetiredPlaceholders(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList()) {
                Matcher m = RETIRED.matcher(Files.readString(file));
                if (m.find()) {
                    throw new ConfigException(file + " uses {{" + m.group(1) + "}}, which this version no longer sets: "
                            + "move the file aside and run `hinksbot init " + root + "` to write the current one, or use the "
                            + "gateway.* keys and a precondition (docs/configuration.md, \"Routes read the keys\")");
                }
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read the routes folder " + dir + ": " + e.getMessage());
        }
    }

    private static Path expandTilde(String value, Properties system) {
        if (value.equals("~") || value.startsWith("~/")) {
            return Path.of(system.getProperty("user.home", System.getProperty("user.home")) + value.substring(1));
        }
        return Path.of(value);
    }
}
