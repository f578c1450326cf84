package dev.hinksbot.gateway.web;

import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Server-Sent Events response written straight to Vert.x (Camel would buffer a stream whole). Safe to call from
 * any thread; a writer outpacing a slow client waits for the socket to drain instead of buffering without bound.
 * Writes after the client went away are dropped.
 */
public final class SseStream {
    private static final long DRAIN_WAIT_SECONDS = 30;

    private final HttpServerResponse response;
    private volatile long lastWrite = System.nanoTime();
    private boolean started;
    private boolean ended;

    /** Nothing is sent until the first event: until then the caller may still answer with an HTTP error instead. */
    public SseStream(HttpServerResponse response) {
        this.response = response;
    }

    public synchronized boolean started() {
        return started;
    }

    /** {@code data: <json>} */
    public void data(String json) {
        write("data: " + json + "\n\n");
    }

    /** A named event, which plain OpenAI clients skip. */
    public void event(String name, String json) {
        write("event: " + name + "\ndata: " + json + "\n\n");
    }

    /** A comment line: keeps proxies and clients from timing out while a tool runs. */
    public void comment(String text) {
        write(": " + text + "\n\n");
    }

    /** Nanos since the last write, for keepalives. */
    public long idleNanos() {
        return System.nanoTime() - lastWrite;
    }

    /** Ends a started stream; an unstarted one is left for the caller to answer. */
    public synchronized void end() {
        if (!ended && started) {
            ended = true;
            if (!response.ended() && !response.closed()) {
                response.end();
            }
        }
    }

    public synchronized boolean isOpen() {
        return !ended && !response.closed() && !response.ended();
    }

    private synchronized void write(String text) {
        if (!isOpen()) {
            return;
        }
        lastWrite = System.nanoTime();
        if (!started) {
            started = true;
            response.setStatusCode(200).setChunked(true)
                    .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                    .putHeader("Cache-Control", "no-cache")
                    .putHeader("X-Accel-Buffering", "no");
        }
        response.write(text);
        if (response.writeQueueFull()) {
            awaitDrain();
        }
    }

    private void awaitDrain() {
        CountDownLatch drained = new CountDownLatch(1);
        response.drainHandler(v -> drained.countDown());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_WAIT_SECONDS);
        try {
            while (response.writeQueueFull() && !response.closed() && !drained.await(100, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > deadline) {
                    ended = true; // a client that reads nothing for this long has gone: stop writing to it
                    response.reset();
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
