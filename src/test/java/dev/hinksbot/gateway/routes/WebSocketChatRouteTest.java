package dev.hinksbot.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.model.Model;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;

/**
 * websocket-chat.yaml: every frame and connection event of /ws/chat/{sessionId} reaches the chatSocket processor
 * (the route asks vertx-websocket for connection events, which the processor needs to track open sockets).
 */
class WebSocketChatRouteTest extends YamlRouteTestSupport {
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    List<String> routeFiles() {
        return List.of("websocket-chat.yaml");
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("apiErrors", new dev.hinksbot.gateway.web.ApiErrorResponder()); // errors.yaml's default configuration
        registry.bind("chatSocket", (Processor) (Exchange e) -> seen.add(e.getIn().getHeader("sessionId") + ":" + e.getIn().getBody(String.class)));
    }

    @Test
    void framesAndConnectionEventsGoToTheChatSocketProcessor() throws Exception {
        String input = context.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinition("websocket-chat")
                .getInput().getEndpointUri();
        assertThat(input).startsWith("vertx-websocket:/ws/chat/{sessionId}").contains("fireWebSocketConnectionEvents=true");
        AdviceWith.adviceWith(context, "websocket-chat", a -> a.replaceFromWith("direct:ws"));
        context.start();
        template.sendBodyAndHeader("direct:ws", "{\"type\":\"user_message\",\"content\":\"hi\"}", "sessionId", "s1");
        assertThat(seen).containsExactly("s1:{\"type\":\"user_message\",\"content\":\"hi\"}");
    }
}
