package dev.hinksbot.gateway.web.openai;

import dev.hinksbot.gateway.web.RequestTracker;
import io.vertx.core.buffer.Buffer;
import org.apache.camel.Exchange;

/**
 * `POST /v1/embeddings` and `POST /v1/completions`: llama-server's own endpoints, forwarded unchanged (the body must
 * be JSON; the answer, errors included, is llama-server's). They count against gateway.api.max-concurrent-runs like
 * every other model request.
 */
public final class UpstreamApi {
    private final LlamaPassThrough passThrough;
    private final RunSlots slots;
    private final RequestTracker tracker;

    public UpstreamApi(LlamaPassThrough passThrough, RunSlots slots, RequestTracker tracker) {
        this.passThrough = passThrough;
        this.slots = slots;
        this.tracker = tracker;
    }

    public void embeddings(Exchange exchange) {
        forward(exchange, "/v1/embeddings");
    }

    public void completions(Exchange exchange) {
        forward(exchange, "/v1/completions");
    }

    private void forward(Exchange exchange, String path) {
        HttpExchange http = HttpExchange.of(exchange);
        byte[] raw = exchange.getIn().getBody(byte[].class);
        OpenAiJson.body(exchange, raw); // a 400/415 in OpenAI's shape for what is not a JSON object
        try (RunSlots.Slot ignored = slots.acquire()) {
            LlamaPassThrough.Forwarded forwarded = passThrough.forward(path, Buffer.buffer(raw), http.response(),
                    tracker.of(http.request()));
            tracker.onDisconnect(http.request(), forwarded.cancel());
            forwarded.done().join();
        }
    }
}
