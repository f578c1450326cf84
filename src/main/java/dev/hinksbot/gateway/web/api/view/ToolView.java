package dev.hinksbot.gateway.web.api.view;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A registered tool; {@code parameters} is its JSON Schema. */
public record ToolView(String name, String description, List<String> groups,
                       @Schema(type = "object", description = "JSON Schema of the arguments") JsonNode parameters) {
}
