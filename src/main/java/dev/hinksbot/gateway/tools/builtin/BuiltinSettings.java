package dev.hinksbot.gateway.tools.builtin;

import dev.hinksbot.gateway.tools.net.WebAllow;
import java.time.Duration;

/**
 * Settings of the built-in tools.
 *
 * @param shellTimeout   default and maximum run time of one shell command (default 60s)
 * @param outputCapChars most characters of output handed back to the model (default 50,000)
 * @param webSearchUrl   a SearXNG-compatible JSON search endpoint, or null when web_search is not configured
 * @param webTimeout     timeout of web fetches and searches (default 20s)
 * @param webAllow       internal hosts the network tools may reach anyway ({@code gateway.tools.web-allow})
 */
public record BuiltinSettings(Duration shellTimeout, int outputCapChars, String webSearchUrl, Duration webTimeout,
                              WebAllow webAllow) {
    public static final Duration DEFAULT_SHELL_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_OUTPUT_CAP = 50_000;
    public static final Duration DEFAULT_WEB_TIMEOUT = Duration.ofSeconds(20);

    public BuiltinSettings {
        if (shellTimeout == null || shellTimeout.isZero() || shellTimeout.isNegative()) {
            shellTimeout = DEFAULT_SHELL_TIMEOUT;
        }
        if (outputCapChars <= 0) {
            outputCapChars = DEFAULT_OUTPUT_CAP;
        }
        if (webSearchUrl != null && webSearchUrl.isBlank()) {
            webSearchUrl = null;
        }
        if (webTimeout == null || webTimeout.isZero() || webTimeout.isNegative()) {
            webTimeout = DEFAULT_WEB_TIMEOUT;
        }
        if (webAllow == null) {
            webAllow = WebAllow.none();
        }
    }

    /** No exceptions to the internal-address rule. */
    public BuiltinSettings(Duration shellTimeout, int outputCapChars, String webSearchUrl, Duration webTimeout) {
        this(shellTimeout, outputCapChars, webSearchUrl, webTimeout, WebAllow.none());
    }

    public static BuiltinSettings defaults() {
        return new BuiltinSettings(DEFAULT_SHELL_TIMEOUT, DEFAULT_OUTPUT_CAP, null, DEFAULT_WEB_TIMEOUT);
    }

    public BuiltinSettings withWebSearchUrl(String url) {
        return new BuiltinSettings(shellTimeout, outputCapChars, url, webTimeout, webAllow);
    }

    public BuiltinSettings withWebAllow(WebAllow allow) {
        return new BuiltinSettings(shellTimeout, outputCapChars, webSearchUrl, webTimeout, allow);
    }
}
