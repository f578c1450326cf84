package dev.hinksbot.gateway.web.api.view;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** One page of sessions, most recently active first. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SessionList(int page, int limit, long total, List<SessionView> sessions) {
}
