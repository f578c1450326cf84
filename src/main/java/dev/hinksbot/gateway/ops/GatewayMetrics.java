package dev.hinksbot.gateway.ops;

import dev.hinksbot.gateway.agent.AgentEvent;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.delivery.DeliveryListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The gateway's own meters, next to Camel's route metrics in one Micrometer registry (scraped at /metrics). The
 * plain-Java core knows nothing of Micrometer: runs are seen through {@link ChatService#observeRuns}, deliveries
 * through {@link DeliveryListener}, and the rest through gauges read at scrape time.
 */
public final class GatewayMetrics {
    /** Histogram buckets for model timings: from a cached short answer to a long generation on a small machine. */
    private static final Duration[] MODEL_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120)};

    private final MeterRegistry registry;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Runs by surface and status, tokens in and out, time to first token, model latency and tool calls.
     * {@code knownTool} keeps the tool label bounded: a name the model made up is counted as "unknown".
     */
    public ChatService.RunObserver runObserver(Predicate<String> knownTool) {
        return new RunMeters(knownTool);
    }

    /** Deliveries by platform and outcome. */
    public DeliveryListener deliveries() {
        return (platform, status) -> Counter.builder("hinksbot.deliveries").description("Outbox sends by platform and outcome")
                .tag("platform", platform).tag("status", status).register(registry).increment();
    }

    /**
     * Requests forwarded to llama-server as they are (the pass-through: `/v1` for an upstream model, on the fast path
     * or a route), by path and the status the client got (499: the client left first), with their durations.
     * Called on the event loop once per request: each (path, status) timer is built and registered once, not per call.
     */
    public dev.hinksbot.gateway.web.openai.LlamaPassThrough.Listener passThrough() {
        Map<String, Timer> timers = new ConcurrentHashMap<>();
        return (path, status, nanos) -> timers.computeIfAbsent(path + ' ' + status, key -> Timer.builder("hinksbot.passthrough.requests")
                .description("Requests forwarded to llama-server unchanged, by path and status, to the end of the answer")
                .tag("path", path).tag("status", String.valueOf(status)).serviceLevelObjectives(MODEL_BUCKETS)
                .minimumExpectedValue(MODEL_BUCKETS[0]).maximumExpectedValue(MODEL_BUCKETS[MODEL_BUCKETS.length - 1])
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A gauge read at scrape time; a value that cannot be read now (the store busy) is NaN, not a failed scrape. */
    public void gauge(String name, String description, Supplier<? extends Number> value) {
        Gauge.builder(name, () -> {
            try {
                return value.get();
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description(description).register(registry);
    }

    private final class RunMeters implements ChatService.RunObserver {
        private final Predicate<String> knownTool;
        /** Per run: when its current model turn started, until the turn's first streamed token. */
        private final Map<String, Long> turnStarted = new ConcurrentHashMap<>();
        private final Timer firstToken;
        private final Timer modelCall;

        RunMeters(Predicate<String> knownTool) {
            this.knownTool = knownTool;
            this.firstToken = histogram("hinksbot.model.first.token", "Time from a model call to its first streamed token");
            this.modelCall = histogram("hinksbot.model.latency", "Duration of one model call (one turn of a run)");
        }

        @Override
        public void on(AgentEvent event, String surface) {
            if (event instanceof AgentEvent.TurnStarted e) {
                turnStarted.put(e.runId(), System.nanoTime());
            } else if (event instanceof AgentEvent.AssistantDelta || event instanceof AgentEvent.ReasoningDelta) {
                Long started = turnStarted.remove(event.runId());
                if (started != null) {
                    firstToken.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                }
            } else if (event instanceof AgentEvent.AssistantCompleted e) {
                turnStarted.remove(e.runId());
                modelCall.record(e.durationMs(), TimeUnit.MILLISECONDS);
            } else if (event instanceof AgentEvent.ToolCompleted e) {
                Counter.builder("hinksbot.tool.calls").description("Tool calls by tool and outcome")
                        .tag("tool", knownTool.test(e.toolName()) ? e.toolName() : "unknown")
                        .tag("status", e.success() ? "ok" : "error").register(registry).increment();
            } else if (event instanceof AgentEvent.RunCompleted e) {
                ended(e.runId(), surface, "completed", e.usage());
            } else if (event instanceof AgentEvent.RunCancelled e) {
                ended(e.runId(), surface, "cancelled", e.usage());
            } else if (event instanceof AgentEvent.RunFailed e) {
                ended(e.runId(), surface, "failed", e.usage());
            }
        }

        private void ended(String runId, String surface, String status, dev.hinksbot.gateway.agent.Usage usage) {
            turnStarted.remove(runId);
            Counter.builder("hinksbot.runs").description("Agent runs by surface and outcome")
                    .tag("surface", surface).tag("status", status).register(registry).increment();
            tokens(surface, "in", usage.promptTokens());
            tokens(surface, "out", usage.completionTokens());
        }

        private void tokens(String surface, String direction, int count) {
            Counter.builder("hinksbot.tokens").description("Model tokens: in = prompt, out = completion")
                    .tag("surface", surface).tag("direction", direction).register(registry).increment(Math.max(0, count));
        }

        private Timer histogram(String name, String description) {
            return Timer.builder(name).description(description).serviceLevelObjectives(MODEL_BUCKETS)
                    .minimumExpectedValue(MODEL_BUCKETS[0]).maximumExpectedValue(MODEL_BUCKETS[MODEL_BUCKETS.length - 1])
                    .register(registry);
        }
    }
}
