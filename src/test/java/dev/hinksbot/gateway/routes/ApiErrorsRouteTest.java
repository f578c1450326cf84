package dev.hinksbot.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.web.ApiErrorResponder;
import dev.hinksbot.gateway.web.ApiException;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;

/** errors.yaml: an exception on an API route (openai-api.yaml) becomes the apiErrors processor's JSON, handled. */
class ApiErrorsRouteTest extends YamlRouteTestSupport {

    /** Every bean and method openai-api.yaml names; each fails as told by the request body. */
    public static final class FailingApi implements Processor {
        @Override
        public void process(Exchange e) throws Exception {
            String body = e.getIn().getBody(String.class);
            if (body.equals("missing")) {
                throw new ApiException(404, "model_not_found", "no model named x");
            }
            throw new IllegalStateException("db password=hunter2 rejected");
        }

        public void one(Exchange e) throws Exception { process(e); }
        public void create(Exchange e) throws Exception { process(e); }
        public void get(Exchange e) throws Exception { process(e); }
        public void delete(Exchange e) throws Exception { process(e); }
        public void inputItems(Exchange e) throws Exception { process(e); }
        public void cancel(Exchange e) throws Exception { process(e); }
        public void embeddings(Exchange e) throws Exception { process(e); }
        public void completions(Exchange e) throws Exception { process(e); }
        public void health(Exchange e) throws Exception { process(e); }
        public void deleteExpired(Exchange e) throws Exception { process(e); }
    }

    @Override
    List<String> routeFiles() {
        return List.of("openai-api.yaml");
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        for (String bean : List.of("openaiChatCompletions", "openaiModels", "openaiResponses", "openaiUpstream", "systemApi")) {
            registry.bind(bean, new FailingApi());
        }
        registry.bind("apiErrors", new ApiErrorResponder());
    }

    private Exchange call(String routeId, String body) throws Exception {
        // no HTTP listener: every route starts from direct:<route id>
        for (RouteDefinition route : List.copyOf(context.getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteDefinitions())) {
            AdviceWith.adviceWith(context, route.getRouteId(), a -> a.replaceFromWith("direct:" + route.getRouteId()));
        }
        context.start();
        return template.send("direct:" + routeId, e -> e.getIn().setBody(body));
    }

    @Test
    void anApiExceptionBecomesItsStatusAndOpenAiErrorJson() throws Exception {
        Exchange done = call("openai-model", "missing");
        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(404);
        assertThat(done.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(done.getMessage().getBody(String.class)).isEqualTo(
                "{\"error\":{\"message\":\"no model named x\",\"type\":\"not_found_error\",\"param\":null,\"code\":\"model_not_found\"}}");
    }

    @Test
    void anUnexpectedFailureInAProcessStepIsA500WithoutItsMessage() throws Exception {
        Exchange done = call("openai-chat-completions", "boom");
        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(500);
        assertThat(done.getMessage().getBody(String.class)).contains("\"code\":\"internal_error\"").doesNotContain("hunter2");
    }
}
