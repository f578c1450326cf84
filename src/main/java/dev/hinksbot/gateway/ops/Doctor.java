package dev.hinksbot.gateway.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.common.ConfigException;
import dev.hinksbot.gateway.config.ConfigLoader;
import dev.hinksbot.gateway.config.GatewayConfig;
import dev.hinksbot.gateway.store.Backup;
import dev.hinksbot.gateway.tools.sandbox.Sandboxes;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code hinksbot doctor}: checks what a gateway needs on this machine and says how to fix what is wrong. Read-only
 * (it opens no database for writing and sends no message); secrets are used to log in and never printed.
 */
public final class Doctor {
    /** One line of the table: {@code fix} is empty when {@code ok}; {@code skipped} rows do not count as failures. */
    public record Check(String name, boolean ok, boolean skipped, String detail, String fix) {
        static Check ok(String name, String detail) {
            return new Check(name, true, false, detail, "");
        }

        static Check fail(String name, String detail, String fix) {
            return new Check(name, false, false, detail, fix);
        }

        static Check skip(String name, String why) {
            return new Check(name, true, true, why, "");
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final long MIN_FREE_BYTES = 512L * 1024 * 1024;

    private final ConfigLoader loader;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
    /** Secrets of this config, blanked out of every detail before it is shown. */
    private final List<String> secrets = new ArrayList<>();

    public Doctor(ConfigLoader loader) {
        this.loader = loader;
    }

    public List<Check> run() {
        List<Check> checks = new ArrayList<>();
        int java = Runtime.version().feature();
        checks.add(java >= 17 ? Check.ok("java", System.getProperty("java.vm.name") + " " + Runtime.version())
                : Check.fail("java", "Java " + java, "install Java 17 or newer"));
        Map<String, String> props;
        GatewayConfig config;
        try {
            props = loader.load(Map.of());
            config = ConfigLoader.validate(props);
        } catch (ConfigException e) {
            checks.add(Check.fail("config", e.getMessage(), "correct " + loader.configFile() + " (every key is listed there with its default)"));
            return checks;
        }
        for (String key : List.of("gateway.api.key", "gateway.llama.api-key", "gateway.telegram.token", "gateway.slack.token",
                "gateway.mail.password")) {
            String v = props.getOrDefault(key, "");
            if (!v.isBlank()) {
                secrets.add(v);
            }
        }
        checks.add(Check.ok("config", Files.isRegularFile(loader.configFile()) ? loader.configFile() + " is valid"
                : "no " + loader.configFile() + "; the defaults are valid"));
        String routesDir = props.getOrDefault("camel.main.routes-reload-directory", "");
        Path routes = routesDir.isBlank() ? loader.home().resolve("routes") : Path.of(routesDir); // anchored at the home
        checks.add(folder("routes", routes, "the routes (routes/*.yaml) are missing: run `hinksbot init "
                + loader.home().root() + "` to write the defaults, or pass --home DIR"));
        checks.add(folder("tools", config.toolsDir(), "create it, or set gateway.tools.dir"));
        checks.add(folder("agent", config.openAi().agentDir(), "create it, or set gateway.agent.dir"));
        checks.add(writable("workspace", config.workspace(), "gateway.workspace"));
        checks.add(writable("data", parent(config.databasePath()), "gateway.database.path"));
        checks.addAll(llama(config));
        checks.add(sandbox(config));
        checks.add(port(config));
        checks.add(database(config.databasePath()));
        checks.add(disk(config.databasePath()));
        checks.add(telegram(props));
        checks.add(slack(props));
        checks.addAll(mail(props));
        return checks.stream().map(this::withoutSecrets).toList();
    }

    /** The table: ✓/✗ per check, and under each ✗ what to do. */
    public static String table(List<Check> checks) {
        int width = checks.stream().mapToInt(c -> c.name().length()).max().orElse(10);
        StringBuilder out = new StringBuilder();
        for (Check c : checks) {
            String mark = c.skipped() ? "-" : c.ok() ? "✓" : "✗";
            out.append(mark).append(' ').append(pad(c.name(), width)).append("  ").append(c.detail()).append('\n');
            if (!c.ok()) {
                out.append("  ").append(pad("", width)).append("  fix: ").append(c.fix()).append('\n');
            }
        }
        long failed = checks.stream().filter(c -> !c.ok()).count();
        out.append(failed == 0 ? "all checks passed" : failed + " check(s) failed").append('\n');
        return out.toString();
    }

    private Check folder(String name, Path dir, String fix) {
        return Files.isDirectory(dir) ? Check.ok(name, dir.toAbsolutePath().normalize().toString())
                : Check.fail(name, dir.toAbsolutePath().normalize() + " does not exist", fix);
    }

    private Check writable(String name, Path dir, String key) {
        Path existing = nearestExisting(dir);
        if (existing == null || !Files.isWritable(existing)) {
            return Check.fail(name, dir.toAbsolutePath().normalize() + " cannot be created or written",
                    "give the gateway's user write access to it, or set " + key);
        }
        return Check.ok(name, dir.toAbsolutePath().normalize() + (Files.isDirectory(dir) ? "" : " (created at the first start)"));
    }

    private List<Check> llama(GatewayConfig config) {
        String base = config.llamaBaseUrl().replaceAll("/+$", "");
        String fix = "start llama-server (e.g. `llama-server -m MODEL.gguf --port 8080`), or set gateway.llama.base-url to where it runs";
        HttpResponse<String> health;
        try {
            health = get(base + "/health", config.llamaApiKey());
        } catch (IOException e) {
            return List.of(Check.fail("llama-server", "not reachable at " + base + " (" + reason(e) + ")", fix),
                    Check.skip("model context", "llama-server not reachable"), Check.skip("tool calls", "llama-server not reachable"));
        }
        if (health.statusCode() != 200) {
            return List.of(Check.fail("llama-server", base + "/health answered " + health.statusCode()
                            + (health.statusCode() == 503 ? " (still loading the model)" : ""),
                    health.statusCode() == 503 ? "wait until the model is loaded" : "check llama-server's log; " + fix),
                    Check.skip("model context", "llama-server not ready"), Check.skip("tool calls", "llama-server not ready"));
        }
        List<Check> checks = new ArrayList<>();
        checks.add(Check.ok("llama-server", "ready at " + base));
        try {
            JsonNode props = Json.parse(get(base + "/props", config.llamaApiKey()).body());
            if (!props.has("default_generation_settings")) {
                checks.set(0, Check.fail("llama-server", base + " answers, but not like llama-server (no /props)",
                        "point gateway.llama.base-url at llama-server itself"));
                return checks;
            }
            int nCtx = props.path("default_generation_settings").path("n_ctx").asInt(0);
            checks.add(nCtx >= 4096 ? Check.ok("model context", nCtx + " tokens per slot")
                    : Check.fail("model context", nCtx + " tokens per slot: too small for tools and a conversation",
                            "start llama-server with a larger -c (e.g. -c 8192 per parallel slot; -c is split among -np slots)"));
            JsonNode caps = props.path("chat_template_caps");
            boolean tools = caps.has("supports_tools") ? caps.path("supports_tools").asBoolean()
                    && caps.path("supports_tool_calls").asBoolean(true)
                    : props.path("chat_template").asText("").contains("tools");
            checks.add(tools ? Check.ok("tool calls", "the model's chat template renders tools")
                    : Check.fail("tool calls", "the model's chat template has no tools: the agent cannot call tools",
                            "use a model made for tool calling (e.g. Qwen, Llama 3.1+, Mistral) and start llama-server with --jinja"));
        } catch (IOException | RuntimeException e) {
            checks.add(Check.fail("model context", "cannot read " + base + "/props (" + reason(e) + ")", "update llama-server"));
        }
        return checks;
    }

    private Check sandbox(GatewayConfig config) {
        if (!config.sandbox()) {
            return Check.fail("bubblewrap", "gateway.tools.sandbox=off: commands a model asks for run unconfined",
                    "set gateway.tools.sandbox=bwrap");
        }
        Path root = Files.isDirectory(config.workspace()) ? config.workspace() : Path.of(System.getProperty("java.io.tmpdir"));
        return Sandboxes.problem(config.sandboxNetwork(), root)
                .map(p -> Check.fail("bubblewrap", p, "install bubblewrap (apt-get install bubblewrap / dnf install bubblewrap) and allow"
                        + " unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, or the AppArmor profile on Ubuntu 24.04)"))
                .orElseGet(() -> Check.ok("bubblewrap", "commands run in the sandbox"));
    }

    private Check port(GatewayConfig config) {
        String where = config.host() + ":" + config.port();
        if (config.port() == 0) {
            return Check.ok("port", "random (camel.server.port=0)");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(config.host(), config.port()));
            return Check.ok("port", where + " is free");
        } catch (IOException e) {
            String target = config.host().equals("0.0.0.0") || config.host().equals("::") ? "127.0.0.1" : config.host();
            try {
                HttpResponse<String> r = get("http://" + (target.contains(":") ? "[" + target + "]" : target) + ":" + config.port()
                        + "/api/v1/health", null);
                if (r.statusCode() == 200 && Json.parse(r.body()).has("auth_required")) {
                    return Check.ok("port", where + " is in use by a running gateway");
                }
            } catch (IOException | RuntimeException ignored) {
                // not a gateway
            }
            return Check.fail("port", where + " is in use by another program", "stop that program, or set camel.server.port to a free port");
        }
    }

    private Check database(Path file) {
        if (!Files.exists(file)) {
            return Check.ok("database", file.toAbsolutePath().normalize() + " (created at the first start)");
        }
        try {
            String answer = Backup.integrity(file, Duration.ofSeconds(10));
            return "ok".equals(answer) ? Check.ok("database", file.toAbsolutePath().normalize() + ": integrity_check ok")
                    : Check.fail("database", "integrity_check: " + answer,
                            "stop the gateway and restore the last backup (docs/operations.md, \"Restore\")");
        } catch (Backup.BackupException e) {
            return Check.fail("database", e.getMessage(), "check the file's permissions; restore the last backup if it is damaged");
        }
    }

    private Check disk(Path databaseFile) {
        Path dir = nearestExisting(parent(databaseFile));
        try {
            long free = Files.getFileStore(dir).getUsableSpace();
            String amount = free / (1024 * 1024) + " MiB free at " + dir;
            return free >= MIN_FREE_BYTES ? Check.ok("disk", amount)
                    : Check.fail("disk", amount, "free some space: SQLite fails writes when the disk is full");
        } catch (IOException | NullPointerException e) {
            return Check.fail("disk", "cannot tell the free space at " + dir, "check the data folder");
        }
    }

    private Check telegram(Map<String, String> p) {
        String token = p.getOrDefault("gateway.telegram.token", "");
        if (token.isBlank()) {
            return Check.skip("telegram", "not configured");
        }
        String api = p.getOrDefault("gateway.telegram.api-url", "https://api.telegram.org").replaceAll("/+$", "");
        try {
            HttpResponse<String> r = get(api + "/bot" + token + "/getMe", null);
            JsonNode body = Json.parse(r.body());
            if (body.path("ok").asBoolean()) {
                return Check.ok("telegram", "getMe: @" + body.path("result").path("username").asText());
            }
            return Check.fail("telegram", "getMe refused: " + body.path("description").asText("HTTP " + r.statusCode()),
                    "check gateway.telegram.token (from @BotFather)");
        } catch (IOException | RuntimeException e) {
            return Check.fail("telegram", "getMe failed: " + reason(e), "check the network and gateway.telegram.api-url");
        }
    }

    private Check slack(Map<String, String> p) {
        String token = p.getOrDefault("gateway.slack.token", "");
        if (token.isBlank()) {
            return Check.skip("slack", "not configured");
        }
        String api = p.getOrDefault("gateway.slack.api-url", "https://slack.com").replaceAll("/+$", "");
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/api/auth.test")).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = Json.parse(r.body());
            if (body.path("ok").asBoolean()) {
                return Check.ok("slack", "auth.test: " + body.path("user").asText() + " in " + body.path("team").asText());
            }
            return Check.fail("slack", "auth.test refused: " + body.path("error").asText("HTTP " + r.statusCode()),
                    "check gateway.slack.token (a bot token, xoxb-…)");
        } catch (IOException | RuntimeException e) {
            return Check.fail("slack", "auth.test failed: " + reason(e), "check the network and gateway.slack.api-url");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.fail("slack", "interrupted", "run doctor again");
        }
    }

    private List<Check> mail(Map<String, String> p) {
        String imapHost = p.getOrDefault("gateway.mail.imap.host", "");
        String smtpHost = p.getOrDefault("gateway.mail.smtp.host", "");
        if (imapHost.isBlank() && smtpHost.isBlank()) {
            return List.of(Check.skip("mail", "not configured"));
        }
        String security = p.getOrDefault("gateway.mail.security", "ssl");
        boolean ssl = security.isBlank() || security.equals("ssl");
        String user = p.getOrDefault("gateway.mail.username", "");
        String password = p.getOrDefault("gateway.mail.password", "");
        Properties props = new Properties();
        for (String proto : List.of("imap", "imaps", "smtp", "smtps")) {
            props.put("mail." + proto + ".connectiontimeout", String.valueOf(TIMEOUT.toMillis()));
            props.put("mail." + proto + ".timeout", String.valueOf(TIMEOUT.toMillis()));
            if (security.equals("starttls")) {
                props.put("mail." + proto + ".starttls.enable", "true");
                props.put("mail." + proto + ".starttls.required", "true");
            }
        }
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtps.auth", "true");
        Session session = Session.getInstance(props);
        List<Check> checks = new ArrayList<>();
        if (!imapHost.isBlank()) {
            int port = Integer.parseInt(orDefault(p.get("gateway.mail.imap.port"), ssl ? "993" : "143"));
            try (Store store = session.getStore(ssl ? "imaps" : "imap")) {
                store.connect(imapHost, port, user, password);
                checks.add(Check.ok("imap", "logged in to " + imapHost + ":" + port + " as " + user));
            } catch (MessagingException e) {
                checks.add(Check.fail("imap", "login to " + imapHost + ":" + port + " failed: " + reason(e),
                        "check gateway.mail.imap.host/port, gateway.mail.security, username and password"));
            }
        }
        if (!smtpHost.isBlank()) {
            int port = Integer.parseInt(orDefault(p.get("gateway.mail.smtp.port"), ssl ? "465" : "587"));
            try (Transport transport = session.getTransport(ssl ? "smtps" : "smtp")) {
                transport.connect(smtpHost, port, user, password);
                checks.add(Check.ok("smtp", "logged in to " + smtpHost + ":" + port + " as " + user));
            } catch (MessagingException e) {
                checks.add(Check.fail("smtp", "login to " + smtpHost + ":" + port + " failed: " + reason(e),
                        "check gateway.mail.smtp.host/port, gateway.mail.security, username and password"));
            }
        }
        return checks;
    }

    private HttpResponse<String> get(String url, String bearer) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET();
        if (bearer != null && !bearer.isBlank()) {
            b.header("Authorization", "Bearer " + bearer);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private Check withoutSecrets(Check c) {
        String detail = c.detail();
        for (String s : secrets) {
            detail = detail.replace(s, "***");
        }
        return new Check(c.name(), c.ok(), c.skipped(), detail, c.fix());
    }

    private static String reason(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (t instanceof java.net.http.HttpTimeoutException || t instanceof java.net.SocketTimeoutException) {
                return "no answer within " + TIMEOUT.toSeconds() + " s";
            }
            if (t instanceof java.net.UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
        }
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    private static Path parent(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return abs.getParent() == null ? abs : abs.getParent();
    }

    private static Path nearestExisting(Path dir) {
        Path p = dir.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p;
    }

    private static String orDefault(String v, String d) {
        return v == null || v.isBlank() ? d : v;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
