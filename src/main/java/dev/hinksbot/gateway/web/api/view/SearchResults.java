package dev.hinksbot.gateway.web.api.view;

import java.util.List;

/** The answer to a full-text search. */
public record SearchResults(String query, List<SearchHitView> results) {
}
