package dev.hinksbot.gateway.e2e;

import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One scripted llama-server and one real gateway in front of it, shared by a test class:
 * {@code @RegisterExtension static final LiveGateway live = new LiveGateway("gateway.api.key", "k");}
 */
public final class LiveGateway implements BeforeAllCallback, AfterAllCallback {
    private final String[] overrides;
    private ScriptedLlamaServer llama;
    private GatewayHarness gateway;

    public LiveGateway(String... overrides) {
        this.overrides = overrides;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        llama = ScriptedLlamaServer.start();
        gateway = GatewayHarness.start(llama.baseUrl(), overrides);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (gateway != null) {
            gateway.close();
        }
        if (llama != null) {
            llama.close();
        }
    }

    public ScriptedLlamaServer llama() {
        return llama;
    }

    public GatewayHarness gateway() {
        return gateway;
    }
}
