package dev.hinksbot.gateway.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ModelBreakerTest {
    private final AtomicLong now = new AtomicLong();
    private final ModelBreaker breaker = new ModelBreaker(new ModelBreaker.Settings(3, Duration.ofSeconds(2)), now::get);

    @Test
    void opensAfterConsecutiveFailedCallsAndASuccessResetsTheCount() {
        breaker.callFailed("timeout");
        breaker.callFailed("timeout");
        breaker.callSucceeded();
        breaker.callFailed("timeout");
        breaker.callFailed("timeout");
        assertThat(breaker.refusal()).isEmpty();
        breaker.callFailed("connection refused");
        assertThat(breaker.state()).isEqualTo(ModelBreaker.State.OPEN);
        assertThat(breaker.refusal()).hasValueSatisfying(r -> assertThat(r).contains("connection refused"));
    }

    @Test
    void aFailedHealthCheckOpensAtOnceAndAHealthyOneCloses() {
        breaker.unhealthy("/health did not answer within 2 s");
        assertThat(breaker.refusal()).hasValueSatisfying(r -> assertThat(r).contains("/health did not answer"));
        breaker.healthy();
        assertThat(breaker.state()).isEqualTo(ModelBreaker.State.CLOSED);
        assertThat(breaker.refusal()).isEmpty();
    }

    @Test
    void afterTheRetryDelayOneTrialCallGoesThroughAndDecides() {
        breaker.unhealthy("down");
        now.addAndGet(Duration.ofMillis(1999).toNanos());
        assertThat(breaker.refusal()).isPresent();
        now.addAndGet(Duration.ofMillis(2).toNanos());
        assertThat(breaker.refusal()).as("the trial call").isEmpty();
        assertThat(breaker.state()).isEqualTo(ModelBreaker.State.HALF_OPEN);
        assertThat(breaker.refusal()).as("only one trial at a time").isPresent();
        breaker.callFailed("still down");
        assertThat(breaker.state()).isEqualTo(ModelBreaker.State.OPEN);
        now.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(breaker.refusal()).isEmpty();
        breaker.callSucceeded();
        assertThat(breaker.state()).isEqualTo(ModelBreaker.State.CLOSED);
        assertThat(breaker.refusal()).isEmpty();
    }

    @Test
    void openingTellsWaitingCallsAndFailuresAskForAProbe() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger probes = new AtomicInteger();
        breaker.onCallFailure(probes::incrementAndGet);
        try (AutoCloseable sub = breaker.onOpen(opened::incrementAndGet)) {
            breaker.callFailed("timeout");
            assertThat(probes).hasValue(1);
            breaker.unhealthy("down");
            breaker.unhealthy("still down"); // already open: no second notice
            assertThat(opened).hasValue(1);
        }
        breaker.healthy();
        breaker.unhealthy("down again");
        assertThat(opened).as("unsubscribed").hasValue(1);
    }
}
