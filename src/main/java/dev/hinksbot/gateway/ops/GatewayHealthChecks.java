package dev.hinksbot.gateway.ops;

import dev.hinksbot.gateway.agent.LlamaClient;
import dev.hinksbot.gateway.store.Database;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The gateway's checks in Camel's health registry, next to Camel's own (context, routes): the store takes a write
 * (fatal for readiness), and llama-server's state (reported, never fatal: the gateway answers with a clear error
 * while the model is down, and comes back by itself).
 */
public final class GatewayHealthChecks {
    public static final String STORE = "store";
    public static final String LLAMA = "llama-server";

    private GatewayHealthChecks() {
    }

    public static void register(CamelContext context, Database database, LlamaClient llama) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry == null) {
            throw new IllegalStateException("camel-health is not active (camel.health.enabled)");
        }
        registry.register(new StoreCheck(database));
        registry.register(new LlamaCheck(llama));
    }

    /** BEGIN IMMEDIATE + COMMIT: proves the write lock can be taken (not held by another process past the busy timeout). */
    static final class StoreCheck extends AbstractHealthCheck {
        private final Database database;

        StoreCheck(Database database) {
            super(STORE, STORE);
            this.database = database;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            try {
                database.write(c -> null);
                builder.up().message("the database takes writes");
            } catch (RuntimeException e) {
                builder.down().message("the database does not take writes: " + e.getMessage());
            }
        }
    }

    static final class LlamaCheck extends AbstractHealthCheck {
        private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
        private final LlamaClient llama;

        LlamaCheck(LlamaClient llama) {
            super(LLAMA, LLAMA);
            this.llama = llama;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            LlamaClient.Health health = llama.health(PROBE_TIMEOUT);
            builder.state(health.ok() ? org.apache.camel.health.HealthCheck.State.UP : org.apache.camel.health.HealthCheck.State.DOWN)
                    .message(health.message()).detail("status", health.status());
        }
    }
}
