package dev.hinksbot.gateway.tools.manifest;

import dev.hinksbot.gateway.tools.net.AddressPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Puts endpoint tools under the network tools' rule: an http-style endpoint ({@code http:}, {@code https:}, or a
 * component wrapping an http URL such as {@code vertx-http:http://…}) whose host is, or resolves to, an internal
 * address is refused at call time unless {@code gateway.tools.web-allow} lists it — so a manifest cannot be a way
 * into the machine's own services or a cloud metadata endpoint, and a name re-pointed at one later is caught on
 * its next call. Headers are filtered again here ({@link EndpointHeaders}). The HTTP component resolves the name
 * itself when it connects, so unlike web_extract this does not pin the checked address; the URI is the owner's,
 * not the model's.
 */
public final class GuardedEndpointInvoker implements EndpointInvoker {
    private static final Set<String> HTTP = Set.of("http", "https");
    /** Components whose remainder is itself an http(s) URL. */
    private static final Set<String> HTTP_WRAPPERS = Set.of("vertx-http", "netty-http", "ahc", "undertow", "jetty");

    private final EndpointInvoker delegate;
    private final AddressPolicy policy;
    private final UnaryOperator<String> placeholders;

    /** {@code placeholders} resolves {@code {{…}}} property placeholders the way the endpoint will see them. */
    public GuardedEndpointInvoker(EndpointInvoker delegate, AddressPolicy policy, UnaryOperator<String> placeholders) {
        this.delegate = delegate;
        this.policy = policy;
        this.placeholders = placeholders;
    }

    public GuardedEndpointInvoker(EndpointInvoker delegate, AddressPolicy policy) {
        this(delegate, policy, UnaryOperator.identity());
    }

    @Override
    public String call(String endpointUri, String body, Map<String, Object> headers, Duration timeout) throws Exception {
        Optional<String> url = httpUrl(placeholders.apply(endpointUri));
        if (url.isPresent()) {
            try {
                policy.check(parse(url.get()));
            } catch (AddressPolicy.Refused e) {
                throw new EndpointRefused(e.getMessage());
            }
        }
        return delegate.call(endpointUri, body, EndpointHeaders.filter(headers), timeout);
    }

    /** The http(s) URL an endpoint URI talks to, when it is an http-style endpoint. */
    static Optional<String> httpUrl(String endpointUri) {
        int colon = endpointUri.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String scheme = endpointUri.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = endpointUri.substring(colon + 1);
        if (HTTP.contains(scheme)) {
            return Optional.of(scheme + "://" + (rest.startsWith("//") ? rest.substring(2) : rest));
        }
        if (HTTP_WRAPPERS.contains(scheme)) {
            String inner = rest.startsWith("//") && !rest.startsWith("//http") ? rest.substring(2) : rest;
            String lower = inner.toLowerCase(Locale.ROOT);
            // anything but an http(s) URL here is refused by the policy's scheme rule rather than waved through
            return Optional.of(lower.startsWith("http://") || lower.startsWith("https://") ? inner : "http-wrapper:" + inner);
        }
        return Optional.empty();
    }

    private static URI parse(String url) throws EndpointRefused {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            int q = url.indexOf('?');
            try {
                // Camel options in the query may hold characters URI rejects; the host is what matters here
                return new URI(q < 0 ? url : url.substring(0, q));
            } catch (URISyntaxException e2) {
                throw new EndpointRefused("refused: cannot read the host of endpoint '" + url + "' to check it");
            }
        }
    }

    /** The endpoint's address is not one tools may reach; the message is for the model (and the owner). */
    public static final class EndpointRefused extends Exception {
        private static final long serialVersionUID = 1L;

        EndpointRefused(String message) {
            super(message);
        }
    }
}
