package dev.hinksbot.gateway.config;

import dev.hinksbot.gateway.common.ConfigException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private final Properties sys = new Properties();

    private Path file(String content) throws IOException {
        Path f = dir.resolve("application.properties");
        Files.writeString(f, content);
        env.put(ConfigLoader.CONFIG_ENV, f.toString());
        return f;
    }

    private GatewayConfig load() {
        return ConfigLoader.validate(new ConfigLoader(env, sys).load(Map.of()));
    }

    @Test
    void defaultsApplyWithAnEmptyFile() throws IOException {
        file("");
        GatewayConfig c = load();
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8000);
        assertThat(c.llamaBaseUrl()).isEqualTo("http://localhost:8080");
        assertThat(c.llamaApiKey()).isEmpty();
        assertThat(c.llamaConnectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.llamaRequestTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.llamaIdleTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(c.defaultMaxTurns()).isEqualTo(20);
        assertThat(c.defaultContextWindow()).isZero();
        assertThat(c.defaultToolGroups()).containsExactly("file", "search", "system", "cron");
        assertThat(c.webSearchUrl()).isNull();
        assertThat(c.webAllow().entries()).isEmpty();
        assertThat(c.apiKeyRequired()).isFalse();
        assertThat(c.clientToolTimeout()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void webAllowIsParsedAndABadEntryStopsStartUpNamingIt() throws IOException {
        file("gateway.tools.web-allow=127.0.0.1:8888, searx.lan, 10.1.0.0/16\n");
        assertThat(load().webAllow().entries()).hasSize(3);
        file("gateway.tools.web-allow=127.0.0.1:8888, http://searx.lan/\n");
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("gateway.tools.web-allow: 'http://searx.lan/' is not a host, host:port or address range");
    }

    @Test
    void fileThenEnvThenSystemPropertyOverride() throws IOException {
        file("gateway.llama.base-url=http://file:1\n"
                + "gateway.defaults.max-turns=7\n"
                + "gateway.llama.idle-timeout=90s\n"
                + "camel.server.port=9000\n");

        assertThat(load().llamaBaseUrl()).isEqualTo("http://file:1");
        assertThat(load().defaultMaxTurns()).isEqualTo(7);
        assertThat(load().port()).isEqualTo(9000);

        env.put("GATEWAY_LLAMA_BASE_URL", "http://env:2");
        env.put("GATEWAY_DEFAULTS_MAX_TURNS", "8");
        env.put("GATEWAY_TOOLS_WEB_TIMEOUT", "3s"); // a default-only key can be set from the environment too
        assertThat(load().llamaBaseUrl()).isEqualTo("http://env:2");
        assertThat(load().defaultMaxTurns()).isEqualTo(8);
        assertThat(load().webTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(load().llamaIdleTimeout()).isEqualTo(Duration.ofSeconds(90));

        sys.setProperty("gateway.llama.base-url", "http://sys:3");
        assertThat(load().llamaBaseUrl()).isEqualTo("http://sys:3");
        assertThat(load().defaultMaxTurns()).isEqualTo(8);

        Map<String, String> merged = new ConfigLoader(env, sys).load(Map.of("gateway.llama.base-url", "http://override:4"));
        assertThat(merged.get("gateway.llama.base-url")).isEqualTo("http://override:4");
    }

    @Test
    void durationsAcceptUnits() throws IOException {
        file("gateway.llama.connect-timeout=500ms\ngateway.llama.request-timeout=5m\ngateway.llama.idle-timeout=2h\n"
                + "gateway.tools.shell-timeout=45\n");
        GatewayConfig c = load();
        assertThat(c.llamaConnectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.llamaRequestTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.llamaIdleTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(c.shellTimeout()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void unknownGatewayKeyIsRefusedWithASuggestion() throws IOException {
        file("gateway.llama.base-uri=http://localhost:8080\n");
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.llama.base-uri")
                .hasMessageContaining("did you mean 'gateway.llama.base-url'");
    }

    @Test
    void unknownKeyFromASystemPropertyIsRefusedToo() throws IOException {
        file("");
        sys.setProperty("gateway.defaults.max-turn", "3");
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.defaults.max-turn'")
                .hasMessageContaining("gateway.defaults.max-turns");
    }

    @Test
    void unrelatedKeysAreNotValidated() throws IOException {
        file("camel.main.name=gw\nlogging.level.root=INFO\n");
        assertThat(load().llamaBaseUrl()).isEqualTo("http://localhost:8080");
    }

    @Test
    void badDurationNamesTheKey() throws IOException {
        for (String bad : List.of("soon", "-5s", "10 minutes", "0s", "99999999999999999999s", "9999999999999999h")) {
            env.clear();
            file("gateway.llama.idle-timeout=" + bad + "\n");
            assertThatThrownBy(this::load).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("gateway.llama.idle-timeout");
        }
    }

    @Test
    void badIntegerNamesTheKey() throws IOException {
        file("gateway.defaults.max-turns=lots\n");
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.defaults.max-turns").hasMessageContaining("lots");
        file("gateway.defaults.max-turns=0\n");
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.defaults.max-turns").hasMessageContaining("range");
        file("camel.server.port=http\n");
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class).hasMessageContaining("camel.server.port");
    }

    @Test
    void badUrlNamesTheKey() throws IOException {
        for (String bad : List.of("localhost:8080", "ftp://host/x", "http://", "not a url", "")) {
            env.clear();
            file("gateway.llama.base-url=" + bad + "\n");
            assertThatThrownBy(this::load).as("'%s'", bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("gateway.llama.base-url");
        }
    }

    @Test
    void nonLoopbackHostNeedsAnApiKey() throws IOException {
        file("camel.server.host=0.0.0.0\n");
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class)
                .hasMessageContaining("camel.server.host").hasMessageContaining("gateway.api.key");

        file("camel.server.host=0.0.0.0\ngateway.api.key=k3y\n");
        GatewayConfig c = load();
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.apiKeyRequired()).isTrue();

        file("camel.server.host=localhost\n");
        assertThat(load().host()).isEqualTo("localhost");
    }

    @Test
    void missingConfigFileNamedByTheEnvironmentIsAClearError() {
        Path missing = dir.resolve("nope.properties");
        env.put(ConfigLoader.CONFIG_ENV, missing.toString());
        assertThatThrownBy(() -> new ConfigLoader(env, sys).load(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining(ConfigLoader.CONFIG_ENV).hasMessageContaining(missing.toString());
    }

    @Test
    void envNameMapping() {
        assertThat(ConfigLoader.envName("gateway.llama.base-url")).isEqualTo("GATEWAY_LLAMA_BASE_URL");
    }

    @Test
    void sandboxAndApprovalKeysBothWorkThoughOneIsThePrefixOfTheOther() throws IOException {
        file("");
        GatewayConfig d = load();
        assertThat(d.sandbox()).isTrue();
        assertThat(d.sandboxNetwork()).isTrue();
        assertThat(d.approvals()).isEqualTo(dev.hinksbot.gateway.tools.approval.ApprovalMode.DANGEROUS);

        file("gateway.tools.sandbox=off\ngateway.tools.sandbox.network=off\ngateway.tools.approvals=always\n");
        GatewayConfig c = load();
        assertThat(c.sandbox()).isFalse();
        assertThat(c.sandboxNetwork()).isFalse();
        assertThat(c.approvals()).isEqualTo(dev.hinksbot.gateway.tools.approval.ApprovalMode.ALWAYS);
        assertThat(c.approvalsRequired()).isTrue();

        env.put("GATEWAY_TOOLS_SANDBOX_NETWORK", "on");
        env.put("GATEWAY_TOOLS_SANDBOX", "bwrap");
        assertThat(load().sandboxNetwork()).isTrue();
        assertThat(load().sandbox()).isTrue();

        file("gateway.tools.sandbox=firejail\n");
        env.clear();
        env.put(ConfigLoader.CONFIG_ENV, dir.resolve("application.properties").toString());
        assertThatThrownBy(this::load).hasMessage("gateway.tools.sandbox=firejail must be one of bwrap|off");
        file("gateway.tools.sandbox.network=maybe\n");
        assertThatThrownBy(this::load).hasMessage("gateway.tools.sandbox.network=maybe must be one of off|on");
        file("gateway.tools.approvals=sometimes\n");
        assertThatThrownBy(this::load).hasMessage("gateway.tools.approvals=sometimes must be one of always|dangerous|off");
        file("gateway.tools.approvals=off\n");
        assertThat(load().approvalsRequired()).isFalse();
    }

    @Test
    void aConfigFileWithASecretReadableByOthersIsNamedWithTheFix() throws IOException {
        Path f = file("gateway.api.key=s3cret\n");
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(ConfigLoader.exposedSecretWarning(f)).get().asString()
                .contains(f.toString(), "chmod 600", "gateway.api.key").doesNotContain("s3cret");
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(ConfigLoader.exposedSecretWarning(f)).isEmpty();
        Path noSecret = file("gateway.api.key=\ngateway.llama.base-url=http://x:1\n");
        Files.setPosixFilePermissions(noSecret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(ConfigLoader.exposedSecretWarning(noSecret)).isEmpty();
    }
    /** A home with {@code props} as its application.properties and the seed's config.yaml named by the environment. */
    private Path seed(String props, String yaml) throws IOException {
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/application.properties"), props);
        sys.setProperty(GatewayHome.PROPERTY, dir.toString());
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, yaml);
        env.put(ConfigLoader.CONFIG_ENV, f.toString());
        return f;
    }

    @Test
    void theSeedsConfigYamlIsMappedOntoOurKeysOverTheHomesFile() throws IOException {
        seed("camel.main.name=gw\ngateway.defaults.max-turns=7\ngateway.tools.output-cap=1234\n", """
                server:
                  host: "127.0.0.1"
                  port: 8123
                llama_server:
                  base_url: "http://127.0.0.1:9099"
                  api_key: ""
                database:
                  path: "~/.hermes/hinksbot-gateway.db"
                defaults:
                  model: "qwen.gguf"
                  system_prompt: "You are Seedy."
                  max_turns: 12
                  context_window: 4096
                  tool_groups:
                    - file
                    - wiki
                """);
        Map<String, String> props = new ConfigLoader(env, sys).load(Map.of());
        assertThat(props).containsEntry("camel.main.name", "gw").containsEntry("gateway.tools.output-cap", "1234");
        GatewayConfig c = ConfigLoader.validate(props);
        assertThat(c.port()).isEqualTo(8123);
        assertThat(c.llamaBaseUrl()).isEqualTo("http://127.0.0.1:9099");
        assertThat(c.llamaApiKey()).isEmpty();
        assertThat(c.databasePath()).isEqualTo(Path.of(System.getProperty("user.home"), ".hermes/hinksbot-gateway.db"));
        assertThat(c.defaultModel()).isEqualTo("qwen.gguf");
        assertThat(c.defaultSystemPrompt()).isEqualTo("You are Seedy.");
        assertThat(c.defaultMaxTurns()).as("the seed file wins over application.properties").isEqualTo(12);
        assertThat(c.defaultContextWindow()).isEqualTo(4096);
        assertThat(c.defaultToolGroups()).containsExactly("file", "wiki");

        sys.setProperty("gateway.defaults.max-turns", "3");
        assertThat(load().defaultMaxTurns()).as("-D still wins over the seed file").isEqualTo(3);
    }

    @Test
    void aSeedKeyWithoutCounterpartIsRefusedNamingItAndWhatIsAccepted() throws IOException {
        Path f = seed("", "server:\n  port: 8000\nfrontend:\n  title: HinksBot Gateway\n");
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("seed config " + f + ": key 'frontend.title' is not supported")
                .hasMessageContaining("accepted: database.path, llama_server.api_key, llama_server.base_url, server.host, server.port,")
                .hasMessageContaining("defaults.system_prompt").hasMessageContaining("defaults.tool_groups");
        seed("", "llama_server:\n  base_uri: http://x:1\n");
        assertThatThrownBy(this::load).hasMessageContaining("key 'llama_server.base_uri' is not supported");
        seed("", "defaults:\n  model: [a, b]\n");
        assertThatThrownBy(this::load).hasMessageContaining("key 'defaults.model' must be a single value, not a list");
        seed("", "server: [\n");
        assertThatThrownBy(this::load).hasMessageStartingWith("cannot read seed config " + dir.resolve("config.yaml"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aMissingSeedFileIsAClearError() {
        sys.setProperty(GatewayHome.PROPERTY, dir.toString());
        env.put(ConfigLoader.CONFIG_ENV, dir.resolve("config.yml").toString());
        assertThatThrownBy(this::load).hasMessage(ConfigLoader.CONFIG_ENV + " names " + dir.resolve("config.yml")
                + ", which is not a readable file");
    }

    @Test
    void aCamelKeyTypoIsRefusedWithTheClosestCamelOption() throws IOException {
        file("camel.main.routes-reload-enabeld=true\n");
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class)
                .hasMessage("unknown camel.* key 'camel.main.routes-reload-enabeld' (did you mean 'camel.main.routes-reload-enabled'?)");
        file("");
        sys.setProperty("camel.server.prot", "1");
        assertThatThrownBy(this::load)
                .hasMessage("unknown camel.* key 'camel.server.prot' (did you mean 'camel.server.port'?)");
        sys.clear();
        file("camel.main.routesReloadEnabeld=true\n");
        assertThatThrownBy(this::load).hasMessageContaining("did you mean 'camel.main.routes-reload-enabled'");
        file("camel.server.completely-made-up-option=1\n");
        assertThatThrownBy(this::load).hasMessage("unknown camel.* key 'camel.server.completely-made-up-option'; "
                + "see Camel's configuration options (camel-main, components) for the names");
        file("camel.sever.port=8000\n");
        assertThatThrownBy(this::load).hasMessageContaining("did you mean 'camel.server.port'");
        file("camel.component.telegram.authorization-tokn=x\n");
        assertThatThrownBy(this::load).hasMessageContaining("'camel.component.telegram.authorization-tokn'")
                .hasMessageContaining("did you mean 'camel.component.telegram.authorization-token'");
        file("camel.component.telegrm.authorization-token=x\n");
        assertThatThrownBy(this::load).hasMessageContaining("there is no Camel component 'telegrm'");
    }

    @Test
    void camelsOwnOptionsPassInEitherSpelling() throws IOException {
        file("""
                camel.main.routesReloadEnabled=false
                camel.main.routes-reload-directory=routes
                camel.server.max-body-size=2048
                camel.health.enabled=true
                camel.rest.api-properties.title=x
                camel.component.telegram.base-uri=http://127.0.0.1:1
                camel.component.platform-http.header-filter-strategy=#class:java.lang.Object
                camel.beans.anything=#class:java.lang.Object
                """);
        assertThat(load().port()).isEqualTo(8000);
    }
}
