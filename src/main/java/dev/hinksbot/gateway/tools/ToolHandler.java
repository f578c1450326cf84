package dev.hinksbot.gateway.tools;

import com.fasterxml.jackson.databind.JsonNode;

/** The body of a tool built with {@link Tools#builder}. Arguments arrive already checked against the schema. */
@FunctionalInterface
public interface ToolHandler {
    ToolResult handle(JsonNode args, ToolContext ctx) throws Exception;
}
