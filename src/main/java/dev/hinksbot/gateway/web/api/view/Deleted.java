package dev.hinksbot.gateway.web.api.view;

/** The answer to deleting something. */
public record Deleted(String id, boolean deleted) {
}
