package dev.hinksbot.gateway.e2e;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** OpenAI's official client pointed at a test gateway, and an agent-profiles folder for it. */
final class OpenAiClients {
    private OpenAiClients() {
    }

    /** No retries: a test must see the first answer, 429s included. */
    static OpenAIClient client(GatewayHarness gateway, String apiKey) {
        return OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl() + "/v1").apiKey(apiKey).maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
    }

    /** A temporary profiles folder holding `pirate.md` with {@code pirateProfile} as its text. */
    static Path profilesDir(String pirateProfile) {
        try {
            Path dir = Files.createTempDirectory("hinksbot-profiles");
            Files.writeString(dir.resolve("pirate.md"), pirateProfile);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
