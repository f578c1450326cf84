package dev.hinksbot.gateway;

import dev.hinksbot.gateway.tools.manifest.EndpointInvoker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

/** Lets declarative tools call any Camel endpoint URI, without the tools package knowing Camel. */
final class CamelEndpointInvoker implements EndpointInvoker {
    private final ProducerTemplate producer;

    CamelEndpointInvoker(CamelContext context) {
        this.producer = context.createProducerTemplate();
    }

    @Override
    public String call(String endpointUri, String body, Map<String, Object> headers, Duration timeout) throws Exception {
        return producer.asyncRequestBodyAndHeaders(endpointUri, body, headers, String.class)
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
