package dev.hinksbot.gateway.channels.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The Bot API calls camel-telegram 4.17 cannot make: {@code message_thread_id} (forum topics), the raw update JSON
 * (it drops {@code message_thread_id}), {@code getFile} and file downloads, {@code getMe}, and
 * {@code sendMessage}/{@code editMessageText} with the answer as the caller needs it. The token is part of every
 * URL, so no URL ever reaches an exception message or a log: failures are {@link Failure}s with the HTTP status and
 * Telegram's own description only.
 */
public final class TelegramBotApi {
    /** A call Telegram answered with an error, or could not be reached ({@code status} 0). */
    public static final class Failure extends IOException {
        private final int status;
        private final String description;
        private final long retryAfterSeconds;

        Failure(int status, String description, long retryAfterSeconds) {
            super(status == 0 ? "Telegram could not be reached: " + description
                    : "Telegram answered HTTP " + status + (description.isEmpty() ? "" : ": " + description));
            this.status = status;
            this.description = description;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public int status() {
            return status;
        }

        public String description() {
            return description;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }

        /** Telegram refused the message's HTML ("can't parse entities"): the same text as plain text will do. */
        public boolean badMarkup() {
            return status == 400 && description.toLowerCase(java.util.Locale.ROOT).contains("can't parse entities");
        }

        /** An edit to the text the message already has: the edit's goal is reached. */
        public boolean notModified() {
            return status == 400 && description.toLowerCase(java.util.Locale.ROOT).contains("message is not modified");
        }
    }

    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public TelegramBotApi(String apiUrl, String token) {
        this.base = apiUrl.replaceAll("/+$", "");
        this.token = token;
    }

    /** Calls {@code method} with a JSON body; returns its {@code result}. {@code timeout} bounds the whole call. */
    public JsonNode call(String method, ObjectNode body, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/bot" + token + "/" + method)).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Failure(0, e.getClass().getSimpleName(), 0);
        }
        JsonNode answer;
        try {
            answer = Json.parse(response.body());
        } catch (Exception e) {
            answer = Json.object();
        }
        if (response.statusCode() / 100 != 2 || !answer.path("ok").asBoolean(false)) {
            throw new Failure(response.statusCode() / 100 == 2 ? 500 : response.statusCode(), answer.path("description").asText(""),
                    answer.path("parameters").path("retry_after").asLong(0));
        }
        return answer.path("result");
    }

    public JsonNode call(String method, ObjectNode body) throws IOException, InterruptedException {
        return call(method, body, Duration.ofSeconds(30));
    }

    /**
     * Downloads a file the bot received: {@code getFile}, then {@code <api-url>/file/bot<token>/<file_path>}. Refuses
     * (without reading it all) a file larger than {@code maxBytes}.
     */
    public byte[] download(String fileId, long maxBytes) throws IOException, InterruptedException {
        JsonNode file = call("getFile", Json.object().put("file_id", fileId));
        if (file.path("file_size").asLong(0) > maxBytes) {
            throw new TooLarge(file.path("file_size").asLong());
        }
        String path = file.path("file_path").asText("");
        if (path.isEmpty()) {
            throw new Failure(500, "getFile gave no file_path", 0);
        }
        String encoded = String.join("/", java.util.Arrays.stream(path.split("/"))
                .map(p -> URLEncoder.encode(p, StandardCharsets.UTF_8).replace("+", "%20")).toList());
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/file/bot" + token + "/" + encoded))
                .timeout(Duration.ofSeconds(60)).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new Failure(0, e.getClass().getSimpleName(), 0);
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new Failure(response.statusCode(), "file download failed", 0);
            }
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 1, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new TooLarge(bytes.length);
            }
            return bytes;
        }
    }

    /** A file over the size cap. */
    public static final class TooLarge extends IOException {
        TooLarge(long size) {
            super("the file is larger than allowed (" + size + " bytes)");
        }
    }
}
