package dev.hinksbot.gateway.config;

import dev.hinksbot.gateway.common.ConfigException;

import dev.hinksbot.gateway.agent.ManagedLlamaServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code gateway.llama.server.*}: the llama-server the gateway starts itself, when a command is set. */
public final class LlamaServerConfig {
    private LlamaServerConfig() {
    }

    /** The managed server's settings, or empty when {@code gateway.llama.server.command} is not set. */
    public static Optional<ManagedLlamaServer.Settings> from(Map<String, String> p) {
        String command = p.getOrDefault("gateway.llama.server.command", "").strip();
        List<String> args = words(p.getOrDefault("gateway.llama.server.args", ""));
        long maxBytes = ConfigLoader.integer(p, "gateway.llama.server.log-max-mb", 1, 100_000) * 1024L * 1024L;
        var startupTimeout = ConfigLoader.duration(p, "gateway.llama.server.startup-timeout");
        if (command.isEmpty()) {
            return Optional.empty();
        }
        for (String reserved : List.of("--host", "--port")) {
            if (args.contains(reserved)) {
                throw new ConfigException("gateway.llama.server.args must not set " + reserved
                        + ": the gateway picks a free loopback port for the server it manages");
            }
        }
        return Optional.of(new ManagedLlamaServer.Settings(command, args, startupTimeout,
                Path.of(p.get("gateway.llama.server.log-file")), maxBytes,
                GatewayConfig.SECRET_KEYS.stream().map(ConfigLoader::envName).toList()));
    }

    /** Splits on blanks; "double" or 'single' quotes keep a word with blanks together. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new ConfigException("gateway.llama.server.args has an unclosed " + quote + " quote");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
