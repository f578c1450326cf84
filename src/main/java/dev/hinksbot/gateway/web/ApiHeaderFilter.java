package dev.hinksbot.gateway.web;

import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * Response headers of platform-http routes: only the ones the API sets on purpose. Camel keeps every request header
 * and query parameter as a message header and would otherwise echo them all back as response headers: `?token=…`
 * reflected, `?Set-Cookie=…` set by a link, and a query with a NUL turned into a 500 when Netty refuses the header.
 * Content-Disposition is also kept from coming in (as a header or `?Content-Disposition=`), so only the API sets it.
 */
public final class ApiHeaderFilter extends HttpHeaderFilterStrategy {
    private static final Set<String> RESPONSE_HEADERS = Set.of("content-type", "content-disposition");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !RESPONSE_HEADERS.contains(headerName.toLowerCase(Locale.ROOT))
                || super.applyFilterToCamelHeaders(headerName, headerValue, exchange);
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return headerName.equalsIgnoreCase("content-disposition")
                || super.applyFilterToExternalHeaders(headerName, headerValue, exchange);
    }
}
