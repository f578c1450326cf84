package dev.hinksbot.gateway.agent;

import java.util.function.IntSupplier;

/**
 * The model's context size: the configured value, or (when that is 0) llama-server's `/props` n_ctx, asked once
 * and asked again only after a failure, so a gateway started before its model still learns the size later.
 */
public final class ModelContextSize implements IntSupplier {
    private final LlamaClient llama;
    private final int configured;
    private volatile int discovered;

    public ModelContextSize(LlamaClient llama, int configured) {
        this.llama = llama;
        this.configured = configured;
    }

    @Override
    public int getAsInt() {
        if (configured > 0) {
            return configured;
        }
        int known = discovered;
        if (known > 0) {
            return known;
        }
        try {
            discovered = llama.props().contextSize();
        } catch (ModelException e) {
            return 0; // unknown: send as is; llama-server reports context_exceeded if it does not fit
        }
        return discovered;
    }
}
