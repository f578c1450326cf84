package dev.hinksbot.gateway.channels;

import java.util.Map;

/**
 * Lifecycle events for hook routes: {@code gateway:startup}, {@code session:start|end|reset},
 * {@code agent:start|step|end}, {@code command:<name>}. Publishing never blocks or fails the caller.
 */
@FunctionalInterface
public interface Hooks {
    Hooks NONE = (event, data) -> { };

    void publish(String event, Map<String, Object> data);
}
