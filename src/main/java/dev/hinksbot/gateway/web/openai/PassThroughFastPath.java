package dev.hinksbot.gateway.web.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hinksbot.gateway.agent.AgentProfiles;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.web.ApiErrorResponder;
import dev.hinksbot.gateway.web.ApiException;
import dev.hinksbot.gateway.web.RequestTracker;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;

/**
 * The pass-through served on the Vert.x event loop, ahead of the Camel routes (gateway.api.pass-through-fast-path):
 * a chat completion for an upstream model is forwarded without the hop to a worker thread that a Camel route costs.
 * Everything else — agent profiles, bad JSON — goes on to the `openai-chat-completions` route as usual.
 */
public final class PassThroughFastPath {
    private static final String PATH = "/v1/chat/completions";

    private final AgentProfiles profiles;
    private final LlamaPassThrough passThrough;
    private final RunSlots slots;
    private final RequestTracker tracker;
    private final long maxBodyBytes;

    public PassThroughFastPath(AgentProfiles profiles, LlamaPassThrough passThrough, RunSlots slots, RequestTracker tracker,
                               long maxBodyBytes) {
        this.profiles = profiles;
        this.passThrough = passThrough;
        this.slots = slots;
        this.tracker = tracker;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * After auth and limits; the body read here is the one the route sees if the request goes on. HTTP/2 requests
     * go straight on: Camel's body handler resumes the request first, which HTTP/2 refuses once the body was read.
     */
    public void install(Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
        router.post(PATH).order(-100).handler(rc -> {
            if (rc.request().version() == HttpVersion.HTTP_2) {
                rc.next();
            } else {
                body.handle(rc);
            }
        });
        router.post(PATH).order(-99).handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        if (rc.request().version() == HttpVersion.HTTP_2) {
            rc.next();
            return;
        }
        Buffer body = rc.body().buffer();
        String model = body == null ? null : topLevelModel(body);
        if (model == null || model.isBlank() || profiles.find(model).isPresent()) {
            rc.next();
            return;
        }
        RunSlots.Slot slot;
        try {
            slot = slots.acquire();
        } catch (ApiException e) {
            if (e.retryAfterSeconds() != null) {
                rc.response().putHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
            }
            rc.response().setStatusCode(e.status()).putHeader("Content-Type", "application/json")
                    .end(ApiErrorResponder.body(e.status(), e.code(), e.getMessage()));
            return;
        }
        LlamaPassThrough.Forwarded forwarded = passThrough.forward(PATH, body, rc.response(), tracker.of(rc.request()));
        rc.addEndHandler(ended -> {
            if (ended.failed()) {
                forwarded.cancel().run(); // the client went away
            }
        });
        forwarded.done().whenComplete((v, e) -> slot.close());
    }

    /**
     * The top-level `model` string, read without building the whole (possibly long) conversation, and from the
     * body's own bytes where it has an array (no copy of a long conversation per request); null if none.
     */
    static String topLevelModel(Buffer body) {
        ByteBuf bytes = body.getByteBuf();
        try (JsonParser parser = bytes.hasArray()
                ? Json.MAPPER.getFactory().createParser(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes())
                : Json.MAPPER.getFactory().createParser(body.getBytes())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("model".equals(field)) {
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null; // not JSON: the route answers with a proper 400
        }
    }
}
