package dev.hinksbot.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;

/** routes/inbound.yaml: authorize → fetchFiles → resolveSession → runCommand for "/cmd", otherwise startRun. */
class InboundRouteTest extends YamlRouteTestSupport {
    private final List<String> steps = new CopyOnWriteArrayList<>();

    @Override
    List<String> routeFiles() {
        return List.of("inbound.yaml");
    }

    /** A step that records itself; the real ones stop an exchange with setRouteStop and fail it by throwing. */
    private Processor step(String name) {
        return exchange -> {
            steps.add(name);
            String body = exchange.getIn().getBody(String.class);
            if (body.equals("stop at " + name)) {
                exchange.setRouteStop(true);
            }
            if (body.equals("fail at " + name)) {
                throw new IllegalStateException("store down at " + name);
            }
            if (name.equals("resolveSession") && body.startsWith("/")) {
                exchange.getIn().setHeader("HinksbotCommand", body.substring(1));
            }
        };
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        for (String name : List.of("authorize", "fetchFiles", "resolveSession", "runCommand", "startRun")) {
            registry.bind(name, step(name));
        }
        registry.bind("apiErrors", (Processor) exchange -> steps.add("apiErrors"));
    }

    private Exchange send(String text) {
        if (!context.isStarted()) {
            context.start();
        }
        return template.send("direct:inbound", e -> e.getIn().setBody(text));
    }

    @Test
    void plainTextGoesThroughEveryStepToStartRun() {
        Exchange done = send("hello");
        assertThat(done.getException()).isNull();
        assertThat(steps).containsExactly("authorize", "fetchFiles", "resolveSession", "startRun");
    }

    @Test
    void aSlashCommandGoesToRunCommandAndNeverStartsARun() {
        send("/new");
        assertThat(steps).containsExactly("authorize", "fetchFiles", "resolveSession", "runCommand");
    }

    @Test
    void aMessageAuthorizeStopsReachesNothingAfterItAndCountsAsTaken() {
        Exchange done = send("stop at authorize");
        assertThat(done.getException()).isNull();
        assertThat(steps).containsExactly("authorize");
    }

    @Test
    void aMessageResolveSessionStopsNeitherRunsACommandNorTheAgent() {
        send("stop at resolveSession");
        assertThat(steps).containsExactly("authorize", "fetchFiles", "resolveSession");
    }

    @Test
    void aFailingStepFailsTheExchangeSoTheChannelDoesNotConfirmTheMessage() {
        Exchange done = send("fail at resolveSession");
        // channel-in: not handled, and not answered as API JSON either
        assertThat(done.getException()).isInstanceOf(IllegalStateException.class).hasMessage("store down at resolveSession");
        assertThat(steps).containsExactly("authorize", "fetchFiles", "resolveSession");
    }
}
