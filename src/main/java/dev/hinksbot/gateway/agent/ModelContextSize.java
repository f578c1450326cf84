package dev.hinksbot.gateway.agent;

import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The model's context size (per slot): the configured value, or (when that is 0) llama-server's `/props` n_ctx.
 * The answer is kept for {@link #MAX_AGE} and then asked again, so a llama-server restarted with another `-c`,
 * `-np` or model is noticed within seconds, and a gateway started before its model learns the size later.
 */
public final class ModelContextSize implements IntSupplier {
    static final Duration MAX_AGE = Duration.ofSeconds(15);

    private record Known(int size, long askedAtNanos) {
    }

    private final LlamaClient llama;
    private final int configured;
    private final LongSupplier nanoClock;
    private volatile Known known;

    public ModelContextSize(LlamaClient llama, int configured) {
        this(llama, configured, System::nanoTime);
    }

    ModelContextSize(LlamaClient llama, int configured, LongSupplier nanoClock) {
        this.llama = llama;
        this.configured = configured;
        this.nanoClock = nanoClock;
    }

    @Override
    public int getAsInt() {
        if (configured > 0) {
            return configured;
        }
        Known last = known;
        long now = nanoClock.getAsLong();
        if (last != null && now - last.askedAtNanos() < MAX_AGE.toNanos()) {
            return last.size();
        }
        try {
            int size = llama.props().contextSize();
            known = size > 0 ? new Known(size, now) : null;
            return size;
        } catch (ModelException e) {
            known = null;
            return 0; // unknown: send as is; llama-server reports context_exceeded if it does not fit
        }
    }
}
