package dev.hinksbot.gateway.config;

import dev.hinksbot.gateway.common.ConfigException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which folder is the home, and that every relative path of the config resolves under it. */
class GatewayHomeTest {
    @TempDir
    Path tmp;

    private Properties system(Path cwd, Path userHome) {
        Properties p = new Properties();
        p.setProperty("user.dir", cwd.toString());
        p.setProperty("user.home", userHome.toString());
        return p;
    }

    @Test
    void homeIsTheOptionThenTheEnvironmentThenACwdWithConfigThenDotHinksbot() throws Exception {
        Path cwd = Files.createDirectories(tmp.resolve("cwd"));
        Path user = Files.createDirectories(tmp.resolve("user"));
        Properties sys = system(cwd, user);
        assertThat(GatewayHome.resolve(Map.of(), sys).root()).isEqualTo(user.resolve(".hinksbot"));
        Files.createDirectories(cwd.resolve("config"));
        assertThat(GatewayHome.resolve(Map.of(), sys).root()).isEqualTo(cwd);
        assertThat(GatewayHome.resolve(Map.of(GatewayHome.ENV, "~/h"), sys).root()).isEqualTo(user.resolve("h"));
        sys.setProperty(GatewayHome.PROPERTY, tmp.resolve("opt").toString());
        assertThat(GatewayHome.resolve(Map.of(GatewayHome.ENV, "~/h"), sys).root()).isEqualTo(tmp.resolve("opt"));
    }

    @Test
    void relativePathsAndRoutePatternsResolveUnderTheHome() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/application.properties"), """
                gateway.workspace=ws
                gateway.tools.dir=/abs/tools
                camel.main.routes-include-pattern=file:routes/*.yaml,classpath:extra.yaml,file:processors/*.java
                camel.main.routes-reload-directory=routes
                """);
        Map<String, String> env = new HashMap<>(Map.of(GatewayHome.ENV, home.toString()));
        ConfigLoader loader = new ConfigLoader(env, system(tmp, tmp));
        Map<String, String> p = loader.load(Map.of("gateway.delivery.dir", "out"));
        assertThat(p.get("gateway.database.path")).isEqualTo(home.resolve("data/hinksbot-gateway.db").toString());
        assertThat(p.get("gateway.workspace")).isEqualTo(home.resolve("ws").toString());
        assertThat(p.get("gateway.tools.dir")).isEqualTo("/abs/tools");
        assertThat(p.get("gateway.agent.dir")).isEqualTo(home.resolve("agent").toString());
        assertThat(p.get("gateway.delivery.dir")).isEqualTo(home.resolve("out").toString());
        assertThat(p.get("gateway.llama.server.log-file")).isEqualTo(home.resolve("data/llama-server.log").toString());
        assertThat(p.get("camel.main.routes-include-pattern")).as("a home without processors/ (made before it existed)")
                .isEqualTo("file:" + home.resolve("routes/*.yaml") + ",classpath:extra.yaml");
        assertThat(p.get("camel.main.routes-reload-directory")).isEqualTo(home.resolve("routes").toString());
        Files.createDirectories(home.resolve("processors"));
        assertThat(loader.load(Map.of()).get("camel.main.routes-include-pattern")).as("processors/ is loaded once it exists")
                .isEqualTo("file:" + home.resolve("routes/*.yaml") + ",classpath:extra.yaml,file:" + home.resolve("processors/*.java"));

        assertThatThrownBy(() -> loader.home().requireRoutes(p)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("no routes folder " + home.resolve("routes"));
        Files.createDirectories(home.resolve("routes"));
        loader.home().requireRoutes(p); // processors/ is optional
        // an older home's route file with a placeholder this version no longer sets: one line, not Camel's stack trace
        Files.writeString(home.resolve("routes/telegram.yaml"), "- route:\n    autoStartup: \"{{hinksbot.channels.telegram}}\"\n");
        assertThatThrownBy(() -> loader.home().requireRoutes(p)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(home.resolve("routes/telegram.yaml") + " uses {{hinksbot.channels.telegram}}, which this version no longer sets");
    }

    @Test
    void aHomeWithoutConfigIsOneLineThatSaysInit() {
        Path home = tmp.resolve("nothing");
        ConfigLoader loader = new ConfigLoader(Map.of(GatewayHome.ENV, home.toString()), system(tmp, tmp));
        assertThatThrownBy(() -> loader.load(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessage("no config file " + home.resolve("config/application.properties") + " (home " + home
                        + "): run `hinksbot init " + home + "` to write a home with the defaults, or pass --home DIR / set HINKSBOT_HOME");
    }

    @Test
    void managedServerArgumentsSplitLikeAShellAndMayNotPickThePort() {
        assertThat(LlamaServerConfig.words("-m '/models/my model.gguf' -c 8192  --jinja")).containsExactly(
                "-m", "/models/my model.gguf", "-c", "8192", "--jinja");
        Map<String, String> p = new HashMap<>(ConfigKeys.shipped().gatewayDefaults());
        assertThat(LlamaServerConfig.from(p)).isEmpty();
        p.put("gateway.llama.server.command", "/usr/bin/llama-server");
        p.put("gateway.llama.server.args", "-hf org/model-GGUF:Q4_K_M --port 8080");
        assertThatThrownBy(() -> LlamaServerConfig.from(p)).isInstanceOf(ConfigException.class).hasMessageContaining("--port");
        p.put("gateway.llama.server.args", "-hf org/model-GGUF:Q4_K_M");
        var settings = LlamaServerConfig.from(p).orElseThrow();
        assertThat(settings.args()).containsExactly("-hf", "org/model-GGUF:Q4_K_M");
        assertThat(settings.logMaxBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(settings.hiddenEnv()).contains("GATEWAY_API_KEY", "GATEWAY_TELEGRAM_TOKEN");
    }
}
