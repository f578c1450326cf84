package dev.hinksbot.gateway.channels.slack;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** An endpoint of {@link SlackSocketComponent}: {@code events} consumes, {@code chat.postMessage} produces. */
final class SlackSocketEndpoint extends DefaultEndpoint {
    private final String kind;

    SlackSocketEndpoint(String uri, SlackSocketComponent component, String kind) {
        super(uri, component);
        this.kind = kind;
    }

    @Override
    public SlackSocketComponent getComponent() {
        return (SlackSocketComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        if (!kind.equals("chat.postMessage")) {
            throw new IllegalArgumentException("slack-socket:" + kind + " cannot send; use slack-socket:chat.postMessage");
        }
        return new SlackSocketProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (!kind.equals("events")) {
            throw new IllegalArgumentException("slack-socket:" + kind + " cannot receive; use slack-socket:events");
        }
        SlackSocketConsumer consumer = new SlackSocketConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }
}
