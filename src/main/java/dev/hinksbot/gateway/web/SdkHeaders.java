package dev.hinksbot.gateway.web;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The request headers browser pages of listed origins may send (real SDKs' families), and the ones they may read. */
final class SdkHeaders {
    private static final Set<String> NAMES = Set.of("authorization", "content-type", "accept", "x-api-key", "x-session-id",
            "x-hinksbot-session", "x-request-id", "idempotency-key", "user-agent", "cache-control");
    /** openai-node sends x-stainless-lang, -os, -arch, -runtime, -retry-count, -timeout, -helper-method …; OpenAI-Beta, -Organization, -Project. */
    private static final String[] FAMILIES = {"x-stainless-", "openai-"};

    static final Set<String> EXPOSED = Set.of("X-Gateway-Overhead-Ms", "X-Session-Id", "X-Hinksbot-Session", "X-Request-Id",
            "Retry-After", "OpenAI-Processing-Ms", "OpenAI-Version", "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests");

    private SdkHeaders() {
    }

    /** The first requested header name that is not allowed, or empty. */
    static Optional<String> refuse(String accessControlRequestHeaders) {
        if (accessControlRequestHeaders == null || accessControlRequestHeaders.isBlank()) {
            return Optional.empty();
        }
        for (String raw : accessControlRequestHeaders.split(",")) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || NAMES.contains(name)) {
                continue;
            }
            boolean inFamily = false;
            for (String family : FAMILIES) {
                inFamily |= name.startsWith(family) && name.length() > family.length() && name.matches("[a-z0-9-]+");
            }
            if (!inFamily) {
                return Optional.of(JsonMediaType.printable(raw.trim()));
            }
        }
        return Optional.empty();
    }
}
