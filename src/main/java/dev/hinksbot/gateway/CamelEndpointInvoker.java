package dev.hinksbot.gateway;

import dev.hinksbot.gateway.tools.manifest.EndpointHeaders;
import dev.hinksbot.gateway.tools.manifest.EndpointInvoker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

/**
 * Lets declarative tools call any Camel endpoint URI, without the tools package knowing Camel. The headers come from
 * the model's arguments: {@code Camel*} ones are dropped here as well, since they steer components (CamelHttpUri
 * alone would re-target an http endpoint).
 */
final class CamelEndpointInvoker implements EndpointInvoker {
    private final CamelContext context;
    private final ProducerTemplate producer;

    CamelEndpointInvoker(CamelContext context) {
        this.context = context;
        this.producer = context.createProducerTemplate();
    }

    /** The URI as the endpoint will see it, {@code {{property}}} placeholders resolved (for the address check). */
    String resolvePlaceholders(String endpointUri) {
        return context.resolvePropertyPlaceholders(endpointUri);
    }

    @Override
    public String call(String endpointUri, String body, Map<String, Object> headers, Duration timeout) throws Exception {
        return producer.asyncRequestBodyAndHeaders(endpointUri, body, EndpointHeaders.filter(headers), String.class)
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
