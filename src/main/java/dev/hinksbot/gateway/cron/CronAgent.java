package dev.hinksbot.gateway.cron;

import java.time.Duration;

/** Runs a job's prompt through the agent in its own session and waits for the answer (at most {@code timeout}). */
@FunctionalInterface
public interface CronAgent {
    /** {@code ok}: the agent answered ({@code output}); otherwise {@code error} says what went wrong. */
    record Outcome(boolean ok, String output, String error) {
        public static Outcome answered(String output) {
            return new Outcome(true, output, null);
        }

        public static Outcome failed(String error) {
            return new Outcome(false, null, error);
        }
    }

    Outcome run(CronJob job, String sessionId, Duration timeout);
}
