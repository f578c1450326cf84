package dev.hinksbot.gateway.web.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.agent.ModelBreaker;
import dev.hinksbot.gateway.web.RequestTracker;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pass-through against an upstream that behaves as cpp-httplib does under load: it answers one request on a
 * connection, keeps the connection open (no "Connection: close"), and closes it when the next request arrives,
 * without answering. The client must get its answer anyway: the request is sent once more on a new connection.
 */
class LlamaPassThroughTest {
    private static final String ANSWER = "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hi\"}}]}";

    private final Vertx vertx = Vertx.vertx();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRequestOnAConnectionTheServerClosedIsSentAgainOnANewOne() throws Exception {
        OneAnswerPerConnection upstream = new OneAnswerPerConnection();
        closeables.add(upstream);
        int front = front(upstream.port());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front + "/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"n\":" + i + "}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("request %d: %s", i, r.body()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(ANSWER);
        }
        assertThat(upstream.answered.get()).isEqualTo(3);
        assertThat(upstream.bodies).containsExactly("{\"model\":\"m\",\"n\":0}", "{\"model\":\"m\",\"n\":1}",
                "{\"model\":\"m\",\"n\":2}");
        assertThat(upstream.closedUnanswered.get()).as("the kept-alive connections were closed on the later requests").isPositive();
    }

    @Test
    void aConnectionClosedOnTheSecondTryToIsAnErrorNotALoop() throws Exception {
        // every connection is closed as soon as a request arrives: one retry, then a clear 502
        OneAnswerPerConnection upstream = new OneAnswerPerConnection(0);
        closeables.add(upstream);
        int front = front(upstream.port());
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front
                        + "/v1/chat/completions")).timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("\"code\":\"model_error\"").contains("Connection was closed");
        assertThat(upstream.closedUnanswered.get()).isEqualTo(2);
    }

    /** A Vert.x server in front whose requests go through the pass-through to {@code upstreamPort}. */
    private int front(int upstreamPort) throws Exception {
        LlamaPassThrough passThrough = new LlamaPassThrough(vertx, new LlamaPassThrough.Settings("http://127.0.0.1:" + upstreamPort,
                null, Duration.ofSeconds(5), Duration.ofSeconds(10), 4), ModelBreaker.standard());
        closeables.add(passThrough);
        RequestTracker tracker = new RequestTracker();
        HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body ->
                passThrough.forward("/v1/chat/completions", body, req.response(), tracker.of(req))));
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    /** Answers the first {@code answersPerConnection} requests of a connection, then closes it when another arrives. */
    private static final class OneAnswerPerConnection implements AutoCloseable {
        final AtomicInteger answered = new AtomicInteger();
        final AtomicInteger closedUnanswered = new AtomicInteger();
        /** The request bodies it answered: a request sent again must carry its whole body again. */
        final List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final ServerSocket server;
        private final int answersPerConnection;

        OneAnswerPerConnection() throws IOException {
            this(1);
        }

        OneAnswerPerConnection(int answersPerConnection) throws IOException {
            this.answersPerConnection = answersPerConnection;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "upstream-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread t = new Thread(() -> serve(socket), "upstream-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket socket) {
            try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                for (int n = 0; ; n++) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    if (n >= answersPerConnection) {
                        closedUnanswered.incrementAndGet();
                        return; // closed with the request unread, as a server ending a kept-alive connection does
                    }
                    int length = head.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                            .mapToInt(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(0);
                    bodies.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
                    byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                    answered.incrementAndGet();
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                byte[] h = head.toByteArray();
                int n = h.length;
                if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                    return head.toString(StandardCharsets.US_ASCII);
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
