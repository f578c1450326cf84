package dev.hinksbot.gateway.web.api.view;

import java.util.List;

/** Registered tools. */
public record ToolList(List<ToolView> tools) {
}
