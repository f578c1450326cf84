package dev.hinksbot.gateway.tools.sandbox;

import java.nio.file.Path;
import java.util.Map;

/** The whole environment a command gets: never the gateway's own variables, which may hold keys and tokens. */
final class SandboxEnvironment {
    static final String PATH = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin";
    static final String LANG = "C.UTF-8";

    private SandboxEnvironment() {
    }

    static Map<String, String> of(Path home) {
        return Map.of("PATH", PATH, "HOME", home.toString(), "LANG", LANG);
    }
}
