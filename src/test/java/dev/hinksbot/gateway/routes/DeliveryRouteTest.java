package dev.hinksbot.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;

/** routes/delivery.yaml: resolveTargets → split → writeOutbox per target, then the outbox sender is woken. */
class DeliveryRouteTest extends YamlRouteTestSupport {
    private final List<String> written = new CopyOnWriteArrayList<>();
    private final AtomicInteger sendPasses = new AtomicInteger();

    @Override
    List<String> routeFiles() {
        return List.of("delivery.yaml");
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        // the targets named in HinksbotDeliverTo, one per split part
        registry.bind("resolveTargets", (Processor) e -> e.getIn().setBody(
                Arrays.asList(e.getIn().getHeader("HinksbotDeliverTo", String.class).split(","))));
        // one target's rows: its ids; "broken" stands for a store that cannot write
        registry.bind("writeOutbox", (Processor) e -> {
            String target = e.getIn().getBody(String.class);
            if (target.equals("broken")) {
                throw new IllegalStateException("disk full");
            }
            written.add(target);
            e.getIn().setBody(List.of(target + "#1", target + "#2"));
        });
        registry.bind("sendOutbox", (Processor) e -> sendPasses.incrementAndGet());
        registry.bind("apiErrors", (Processor) e -> e.getMessage().setBody("apiErrors"));
    }

    private void withoutTimer() throws Exception {
        AdviceWith.adviceWith(context, "outbox-timer", a -> a.replaceFromWith("direct:no-timer"));
        // the wake-up is still sent to seda:outbox; the mock only records it, synchronously
        AdviceWith.adviceWith(context, "deliver", a -> a.mockEndpoints("seda:outbox*"));
        context.start();
    }

    @Test
    void eachTargetIsWrittenToTheOutboxAndTheResultIsItsRowIds() throws Exception {
        withoutTimer();
        Exchange done = template.send("direct:deliver", e -> {
            e.getIn().setBody("the answer");
            e.getIn().setHeader("HinksbotDeliverTo", "telegram:1,slack:C1");
        });
        assertThat(done.getException()).isNull();
        assertThat(written).containsExactly("telegram:1", "slack:C1");
        assertThat(done.getMessage().getBody(List.class))
                .containsExactly(List.of("telegram:1#1", "telegram:1#2"), List.of("slack:C1#1", "slack:C1#2"));
    }

    @Test
    void aDeliveryWakesTheSenderAtOnceWithoutWaitingForTheTimer() throws Exception {
        withoutTimer();
        assertThat(sendPasses).hasValue(0);
        template.send("direct:deliver", e -> {
            e.getIn().setBody("the answer");
            e.getIn().setHeader("HinksbotDeliverTo", "telegram:1");
        });
        assertThat(getMockEndpoint("mock:seda:outbox").getReceivedCounter()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> sendPasses.get() == 1);
    }

    @Test
    void theTimerDrivesTheSenderWithoutAnyDelivery() throws Exception {
        context.start();
        // a pass every second picks up retries and rate-limit waits
        await().atMost(Duration.ofSeconds(5)).until(() -> sendPasses.get() >= 2);
        assertThat(written).isEmpty();
    }

    @Test
    void aTargetThatCannotBeWrittenDoesNotWakeTheSender() throws Exception {
        withoutTimer();
        Exchange done = template.send("direct:deliver", e -> {
            e.getIn().setBody("the answer");
            e.getIn().setHeader("HinksbotDeliverTo", "broken");
        });
        assertThat(done.getException()).as("the caller learns the delivery was not written")
                .isInstanceOf(IllegalStateException.class).hasMessage("disk full");
        assertThat(getMockEndpoint("mock:seda:outbox").getReceivedCounter()).isZero();
    }
}
