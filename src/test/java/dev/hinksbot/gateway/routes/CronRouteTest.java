package dev.hinksbot.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hinksbot.gateway.web.ApiErrorResponder;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.junit.jupiter.api.Test;

/** routes/cron.yaml: the Quartz trigger ticks the cronTicker bean every gateway.cron.tick, while enabled. */
class CronRouteTest extends YamlRouteTestSupport {
    /** What a ticker looks like to the route: a bean with tick(). */
    public static final class CountingTicker {
        final AtomicInteger ticks = new AtomicInteger();

        public void tick() {
            ticks.incrementAndGet();
        }
    }

    private final CountingTicker ticker = new CountingTicker();

    @Override
    List<String> routeFiles() {
        return List.of("cron.yaml");
    }

    @Override
    public void configureContext(CamelContextConfiguration camel) {
        super.configureContext(camel);
        // only the tick: the REST endpoints of the same file need the HTTP server the test does not start
        camel.withRouteFilterIncludePattern("cron-tick");
    }

    @Override
    Properties placeholders() {
        Properties p = super.placeholders();
        p.setProperty("gateway.cron.enabled", "true");
        p.setProperty("gateway.cron.tick", "200ms");
        return p;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("cronTicker", ticker);
        registry.bind("apiErrors", new ApiErrorResponder());
    }

    @Test
    void theTriggerTicksTheTickerRepeatedly() {
        context.start();
        assertThat(context.getRoutes()).extracting(r -> r.getRouteId()).containsExactly("cron-tick");
        await().atMost(Duration.ofSeconds(5)).until(() -> ticker.ticks.get() >= 3);
    }
}
