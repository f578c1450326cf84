package dev.hinksbot.gateway.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;

/**
 * The benchmark's baseline: the least a reverse proxy can do on Vert.x (read the request, forward it on a keep-alive
 * connection, pipe the answer back), so the table can tell what any proxy hop costs on the machine from what the
 * gateway adds. Run in its own JVM, like the gateway: {@code BaselineProxy LISTEN_PORT UPSTREAM_PORT}.
 */
public final class BaselineProxy {
    private BaselineProxy() {
    }

    public static void main(String[] args) {
        int listen = Integer.parseInt(args[0]);
        int upstream = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(512));
        vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true)).requestHandler(req -> req.body()
                .compose(body -> client.request(req.method(), upstream, "127.0.0.1", req.uri())
                        .compose(up -> up.putHeader("Content-Type", "application/json").send(body)))
                .onSuccess(up -> {
                    var res = req.response().setStatusCode(up.statusCode());
                    String type = up.getHeader("Content-Type");
                    if (type != null) {
                        res.putHeader("Content-Type", type);
                    }
                    String length = up.getHeader("Content-Length");
                    if (length != null) {
                        res.putHeader("Content-Length", length);
                    } else {
                        res.setChunked(true);
                    }
                    up.pipeTo(res);
                })
                .onFailure(e -> req.response().setStatusCode(502).end(String.valueOf(e))))
                .listen(listen, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        System.out.println("baseline proxy listening on " + listen);
    }
}
