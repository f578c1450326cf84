package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.RestAssert.error;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The web UI is served from the jar at `/`, without the API key (the API behind it still needs it). */
class UiServingTest {
    @RegisterExtension
    static final LiveGateway live = new LiveGateway("gateway.api.key", "ui-key");
    static final HttpClient anonymous = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static HttpResponse<String> get(String path) throws Exception {
        return anonymous.send(HttpRequest.newBuilder(URI.create(live.gateway().baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageLoadsWithoutAKeyWithAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body()).contains("<title>HinksBot</title>").contains("/ui/js/app.js");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-eval").doesNotContain("script-src 'self' 'unsafe-inline'"));
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void modulesAndLibrariesAreServedAsJavaScript() throws Exception {
        for (String path : new String[] {"/ui/js/app.js", "/ui/lib/marked/marked.esm.js", "/ui/lib/dompurify/purify.es.mjs",
                "/ui/lib/highlightjs/highlight.min.js"}) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(v -> assertThat(v).startsWith("text/javascript"));
        }
        HttpResponse<String> css = get("/ui/css/app.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/css"));
        assertThat(get("/ui/lib/highlightjs/styles/github-dark.min.css").statusCode()).isEqualTo(200);
    }

    @Test
    void theApiBehindItStillNeedsTheKeyAndNothingElseLeaks() throws Exception {
        error(get("/api/v1/sessions"), 401, "unauthorized");
        HttpResponse<String> health = get("/api/v1/health");
        assertThat(health.body()).contains("\"auth_required\":true").doesNotContain("ui-key");
        assertThat(get("/ui/nope.js").statusCode()).isEqualTo(404);
        assertThat(get("/ui/../config/application.properties").body()).doesNotContain("gateway.api.key");
        assertThat(get("/config/application.properties").statusCode()).isEqualTo(404);
        assertThat(get("/ui/lib/marked/../../../../logback.xml").body()).doesNotContain("<configuration");
    }
}
