package dev.hinksbot.gateway.web.api.view;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** The body of running a tool directly. Documents the body only: ToolsApi reads it, so a bad one is a clear 400. */
public record ToolCallRequest(@Schema(description = "The tool's arguments, as its schema describes") Map<String, Object> arguments) {
}
