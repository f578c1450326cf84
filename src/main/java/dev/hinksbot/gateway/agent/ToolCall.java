package dev.hinksbot.gateway.agent;

/** A function call the model asked for; {@code arguments} is the raw JSON text the model produced. */
public record ToolCall(String id, String name, String arguments) {
}
