package dev.hinksbot.gateway.web.openai;

import dev.hinksbot.gateway.web.ApiException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/** The Vert.x request and response behind a platform-http exchange, for handlers that stream or proxy. */
record HttpExchange(HttpServerRequest request, HttpServerResponse response) {
    static HttpExchange of(Exchange exchange) {
        if (!(exchange.getIn() instanceof HttpMessage http)) {
            throw new ApiException(500, "internal_error", "this endpoint must be served by a platform-http route");
        }
        return new HttpExchange(http.getRequest(), http.getResponse());
    }
}
