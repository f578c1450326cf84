package dev.hinksbot.gateway.processors;

import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

/** A producer template made on first use: senders are built before Camel has started. */
public final class LazyProducerTemplate implements Supplier<ProducerTemplate> {
    private final Supplier<CamelContext> context;
    private volatile ProducerTemplate template;

    public LazyProducerTemplate(Supplier<CamelContext> context) {
        this.context = context;
    }

    @Override
    public ProducerTemplate get() {
        ProducerTemplate t = template;
        if (t == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.get().createProducerTemplate();
                }
                t = template;
            }
        }
        return t;
    }
}
