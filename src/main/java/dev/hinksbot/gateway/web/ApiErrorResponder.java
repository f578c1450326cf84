package dev.hinksbot.gateway.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.store.StoreBusyException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any exception on an API route into one error shape with a fitting status — OpenAI's
 * `{"error":{"message","type","param","code"}}`, so `/v1` clients and `/api/v1` callers read the same thing:
 * never a stack trace, an HTML page, or a secret. Unexpected failures are logged here once, with their stack.
 */
public final class ApiErrorResponder implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrorResponder.class);

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiException api = classify(failure);
        if (api.status() >= 500 && failure instanceof ApiException) {
            // an expected failure the code already named (llama-server down, the store busy): one line, no stack trace
            LOG.warn("{} {} answered {} {}: {}", exchange.getIn().getHeader(Exchange.HTTP_METHOD),
                    exchange.getIn().getHeader(Exchange.HTTP_PATH), api.status(), api.code(), api.getMessage());
        } else if (api.status() >= 500) {
            LOG.error("{} {} failed", exchange.getIn().getHeader(Exchange.HTTP_METHOD), exchange.getIn().getHeader(Exchange.HTTP_PATH), failure);
        }
        respond(exchange, api);
    }

    public static void respond(Exchange exchange, ApiException api) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, api.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (api.retryAfterSeconds() != null
                && exchange.getIn() instanceof org.apache.camel.component.platform.http.vertx.HttpMessage http) {
            // Straight on the response: message headers pass ApiHeaderFilter's allowlist, which keeps request
            // headers and query parameters from being echoed, so a Retry-After there would be dropped.
            http.getResponse().putHeader("Retry-After", String.valueOf(api.retryAfterSeconds()));
        }
        exchange.getMessage().setBody(body(api.status(), api.code(), api.getMessage(), api.param()));
    }

    public static String body(int status, String code, String message) {
        return body(status, code, message, null);
    }

    public static String body(int status, String code, String message, String param) {
        var root = Json.object();
        root.putObject("error").put("message", message).put("type", type(status)).put("param", param).put("code", code);
        return Json.write(root);
    }

    /** OpenAI's error types, which SDKs map to exception classes. */
    static String type(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 502, 503, 504 -> "upstream_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    public static ApiException classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api;
            }
            if (t instanceof JsonProcessingException) {
                return new ApiException(400, "invalid_json", "the request body is not valid JSON");
            }
            if (t instanceof StoreBusyException busy) {
                // a lock held by another process: nothing was written and the same request can simply be sent again
                return new ApiException(503, "store_busy", busy.getMessage());
            }
        }
        return new ApiException(500, "internal_error", "the gateway failed to handle the request; see its log");
    }
}
