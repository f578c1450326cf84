package dev.hinksbot.gateway.channels.media;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Whether the model can see images: llama-server's {@code /props} {@code modalities.vision} (true when it runs
 * with a multimodal projector). Asked at most once a minute; when llama-server cannot be asked, the last answer
 * stands (false at first).
 */
public final class VisionSupport {
    private static final Duration FRESH = Duration.ofMinutes(1);

    private final BooleanSupplier probe;
    private final Clock clock;
    private Instant askedAt; // guarded by this
    private boolean vision; // guarded by this

    /** {@code probe} asks llama-server and throws when it cannot. */
    public VisionSupport(BooleanSupplier probe, Clock clock) {
        this.probe = probe;
        this.clock = clock;
    }

    public synchronized boolean supported() {
        Instant now = clock.instant();
        if (askedAt == null || askedAt.plus(FRESH).isBefore(now)) {
            askedAt = now;
            try {
                vision = probe.getAsBoolean();
            } catch (RuntimeException e) {
                // llama-server is down or loading: keep the last answer
            }
        }
        return vision;
    }
}
