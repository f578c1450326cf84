package dev.hinksbot.gateway.cli;

import java.util.Optional;
import java.util.Set;

/**
 * A start that failed on something the user wrote — a route file Camel cannot read, a processor javac refuses, a
 * route naming a bean or endpoint that does not exist — said as what is wrong and where, without the stack trace
 * of Camel's start that carried it.
 */
final class StartFailure {
    /** Camel's errors about a route as written; their messages name the route, the step and the cause. */
    private static final Set<String> ROUTE_ERRORS = Set.of("org.apache.camel.FailedToCreateRouteException",
            "org.apache.camel.FailedToStartRouteException", "org.apache.camel.ResolveEndpointFailedException",
            "org.apache.camel.NoSuchBeanException", "org.apache.camel.NoSuchEndpointException");
    private static final String CHECK = "(`hinksbot routes validate` checks route files before a start)";

    private StartFailure() {
    }

    /** What the user should read, or empty when {@code failure} is not about their files (then it is a bug or the host). */
    static Optional<String> describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String type = t.getClass().getName();
            String message = t.getMessage() == null ? "" : t.getMessage().strip();
            if (type.startsWith("org.apache.camel.dsl.yaml.")) {
                return Optional.of("a route file cannot be read: " + message + "\n" + CHECK);
            }
            if (type.equals("org.joor.ReflectException") && message.startsWith("Compilation error")) {
                return Optional.of("a processor in processors/ does not compile:"
                        + message.substring("Compilation error".length()).replaceFirst("^:", ""));
            }
            if (ROUTE_ERRORS.contains(type)) {
                return Optional.of("a route cannot start: " + message + "\n" + CHECK);
            }
        }
        return Optional.empty();
    }
}
