package dev.hinksbot.gateway.tools.manifest;

import java.time.Duration;
import java.util.Map;

/**
 * Calls an endpoint URI for an {@code endpoint:} manifest tool and returns the reply body as text. The
 * gateway implements it with Camel; this package only knows the interface.
 */
@FunctionalInterface
public interface EndpointInvoker {
    String call(String endpointUri, String body, Map<String, Object> headers, Duration timeout) throws Exception;
}
