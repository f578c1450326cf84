package dev.hinksbot.gateway.web.api.view;

import java.util.List;

/** A whole session with all its messages (export with format=json). */
public record SessionExport(SessionView session, List<MessageView> messages) {
}
