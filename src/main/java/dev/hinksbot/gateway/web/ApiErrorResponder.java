package dev.hinksbot.gateway.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hinksbot.gateway.common.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any exception on an API route into `{"error":{"code","message"}}` with a fitting status: never a stack
 * trace, an HTML page, or a secret. Unexpected failures are logged here once, with their stack.
 */
public final class ApiErrorResponder implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrorResponder.class);

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiException api = classify(failure);
        if (api.status() >= 500) {
            LOG.error("{} {} failed", exchange.getIn().getHeader(Exchange.HTTP_METHOD), exchange.getIn().getHeader(Exchange.HTTP_PATH), failure);
        }
        respond(exchange, api);
    }

    public static void respond(Exchange exchange, ApiException api) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, api.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(body(api.code(), api.getMessage()));
    }

    public static String body(String code, String message) {
        var root = Json.object();
        root.putObject("error").put("code", code).put("message", message);
        return Json.write(root);
    }

    static ApiException classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api;
            }
            if (t instanceof JsonProcessingException) {
                return new ApiException(400, "invalid_json", "the request body is not valid JSON");
            }
        }
        return new ApiException(500, "internal_error", "the gateway failed to handle the request; see its log");
    }
}
