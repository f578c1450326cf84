package dev.hinksbot.gateway.web.api.view;

import java.util.List;
import java.util.Map;

/** Tool groups, each with the names of its tools. */
public record ToolGroups(Map<String, List<String>> groups) {
}
