package dev.hinksbot.gateway.store;

import java.time.Instant;

/** A stored Responses API object: {@code body} is the JSON returned to clients; the conversation is in the session. */
public record StoredResponse(String id, String sessionId, String runId, String previousResponseId, String status, String body,
                             Instant createdAt, Instant expiresAt) {
}
