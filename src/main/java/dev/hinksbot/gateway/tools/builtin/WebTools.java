package dev.hinksbot.gateway.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hinksbot.gateway.common.CancelSignal;
import dev.hinksbot.gateway.tools.Args;
import dev.hinksbot.gateway.tools.Tool;
import dev.hinksbot.gateway.tools.ToolContext;
import dev.hinksbot.gateway.tools.ToolResult;
import dev.hinksbot.gateway.tools.Tools;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import javax.net.ssl.SSLException;
import org.jsoup.nodes.Document;

/** web_extract and web_search over one shared {@link HttpClient}. */
final class WebTools {
    static final int DEFAULT_EXTRACT_CHARS = 20_000;
    private static final int MAX_BODY_BYTES = 5 * 1024 * 1024;
    private static final Pattern CHARSET = Pattern.compile("charset=\"?([\\w.:-]+)", Pattern.CASE_INSENSITIVE);
    static final String NOT_CONFIGURED = "web_search is not configured: set gateway.tools.web-search-url to a "
            + "SearXNG-compatible search endpoint";

    private final BuiltinSettings settings;
    private final HttpClient client;
    private final ObjectMapper json = new ObjectMapper();

    WebTools(BuiltinSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.webTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                // HTTP/1.1: plain-http servers vary in how they take an h2c upgrade attempt
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    Tool webExtract() {
        int cap = settings.outputCapChars();
        return Tools.builder("web_extract")
                .description("Fetch a web page (http or https) and return its title and main readable text, "
                        + "without scripts, styles and navigation. Plain-text and JSON responses are returned as they "
                        + "are. Use it to read a page found with web_search or given by the user.")
                .group("web", "extract")
                .param("url", "string", "The absolute http:// or https:// URL to fetch", true)
                .intParam("max_chars", "Most characters of text to return (default "
                        + Math.min(DEFAULT_EXTRACT_CHARS, cap) + ", at most " + cap + ")", false, 100, cap)
                .handler(this::extract)
                .build();
    }

    Tool webSearch() {
        return Tools.builder("web_search")
                .description("Search the web and return a numbered list of results, each with title, URL and a "
                        + "snippet. Follow up with web_extract to read a result in full.")
                .group("web", "search")
                .param("query", "string", "The search query", true)
                .intParam("max_results", "Most results to return (default 5)", false, 1, 20)
                .handler(this::search)
                .build();
    }

    private ToolResult extract(JsonNode args, ToolContext ctx) throws Exception {
        String url = Args.string(args, "url").strip();
        int maxChars = (int) Args.integer(args, "max_chars", Math.min(DEFAULT_EXTRACT_CHARS, settings.outputCapChars()));
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return ToolResult.failure("invalid URL '" + url + "': " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            return ToolResult.failure("only absolute http:// and https:// URLs can be fetched, got '" + url + "'");
        }
        Fetched page;
        try {
            page = fetch(uri, "text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.8,*/*;q=0.5",
                    ctx.cancel());
        } catch (FetchFailed e) {
            return ToolResult.failure(e.getMessage());
        }
        if (page.status() >= 400) {
            return ToolResult.failure("HTTP " + page.status() + " from " + url);
        }
        String type = page.contentType().toLowerCase(Locale.ROOT);
        String text;
        if (type.contains("html") || (type.isEmpty() && sniffHtml(page.body()))) {
            Document doc = Jsoup.parse(new ByteArrayInputStream(page.body()), page.charset(), page.uri().toString());
            String title = HtmlText.title(doc);
            text = (title.isEmpty() ? "" : "Title: " + title + "\n") + "URL: " + page.uri() + "\n\n" + HtmlText.mainText(doc);
        } else if (isTextual(type) || (type.isEmpty() && !hasNul(page.body()))) {
            Charset cs = page.charset() == null ? StandardCharsets.UTF_8 : Charset.forName(page.charset());
            text = "URL: " + page.uri() + "\n\n" + new String(page.body(), cs);
        } else {
            return ToolResult.failure("unsupported content type '" + page.contentType() + "' at " + url
                    + "; web_extract reads HTML and text");
        }
        if (page.truncated()) {
            text += "\n[page larger than " + MAX_BODY_BYTES / (1024 * 1024) + " MB; only the start was read]";
        }
        if (text.length() > maxChars) {
            text = text.substring(0, maxChars) + "\n[truncated: " + maxChars + " of " + text.length()
                    + " characters shown; raise max_chars for more]";
        }
        return ToolResult.ok(text);
    }

    private ToolResult search(JsonNode args, ToolContext ctx) throws Exception {
        if (settings.webSearchUrl() == null) {
            return ToolResult.failure(NOT_CONFIGURED);
        }
        String query = Args.string(args, "query").strip();
        if (query.isEmpty()) {
            return ToolResult.failure("argument 'query' must not be empty");
        }
        int max = (int) Args.integer(args, "max_results", 5);
        String base = settings.webSearchUrl();
        URI uri = URI.create(base + (base.contains("?") ? "&" : "?") + "q="
                + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&format=json");
        Fetched res;
        try {
            res = fetch(uri, "application/json", ctx.cancel());
        } catch (FetchFailed e) {
            return ToolResult.failure("web search failed: " + e.getMessage());
        }
        if (res.status() >= 400) {
            return ToolResult.failure("web search failed: HTTP " + res.status() + " from the search endpoint");
        }
        JsonNode body;
        try {
            body = json.readTree(res.body());
        } catch (IOException e) {
            return ToolResult.failure("web search failed: the search endpoint did not answer with JSON ("
                    + res.contentType() + "); is format=json enabled?");
        }
        JsonNode results = body == null ? null : body.path("results");
        if (results == null || !results.isArray()) {
            return ToolResult.failure("web search failed: the answer has no 'results' list");
        }
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (JsonNode r : results) {
            if (n == max) {
                break;
            }
            n++;
            sb.append(n).append(". ").append(r.path("title").asText("(no title)").strip()).append('\n')
                    .append("   ").append(r.path("url").asText("").strip()).append('\n');
            String snippet = r.path("content").asText("").strip().replaceAll("\\s+", " ");
            if (!snippet.isEmpty()) {
                sb.append("   ").append(snippet).append('\n');
            }
        }
        if (n == 0) {
            return ToolResult.ok("No results for '" + query + "'.");
        }
        return ToolResult.ok(sb.toString().stripTrailing());
    }

    private record Fetched(int status, String contentType, String charset, byte[] body, URI uri, boolean truncated) {
    }

    private static final class FetchFailed extends Exception {
        private static final long serialVersionUID = 1L;

        FetchFailed(String message) {
            super(message);
        }
    }

    /** GET with the configured timeout covering headers and body; cancel closes the transfer. */
    private Fetched fetch(URI uri, String accept, CancelSignal cancel) throws FetchFailed, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(uri)
                .timeout(settings.webTimeout())
                .header("User-Agent", "HinksBot-Gateway/0.1 (tool fetch)")
                .header("Accept", accept)
                .GET()
                .build();
        AtomicReference<InputStream> stream = new AtomicReference<>();
        CompletableFuture<Fetched> future = client.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(resp -> {
                    stream.set(resp.body());
                    try (InputStream in = resp.body()) {
                        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
                        boolean truncated = body.length > MAX_BODY_BYTES;
                        if (truncated) {
                            body = Arrays.copyOf(body, MAX_BODY_BYTES);
                        }
                        String type = resp.headers().firstValue("Content-Type").orElse("");
                        Matcher m = CHARSET.matcher(type);
                        String charset = m.find() && Charset.isSupported(m.group(1)) ? m.group(1) : null;
                        int semi = type.indexOf(';');
                        return new Fetched(resp.statusCode(), (semi < 0 ? type : type.substring(0, semi)).strip(),
                                charset, body, resp.uri(), truncated);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        Runnable abort = () -> {
            future.cancel(true);
            closeQuietly(stream.get());
        };
        try (AutoCloseable ignored = cancel.onCancel(abort)) {
            return future.get(settings.webTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abort.run();
            throw new FetchFailed("timed out after " + settings.webTimeout().toSeconds() + "s fetching " + uri);
        } catch (CancellationException e) {
            throw new FetchFailed("cancelled");
        } catch (ExecutionException e) {
            if (cancel.isCancelled()) {
                throw new FetchFailed("cancelled");
            }
            throw new FetchFailed("could not fetch " + uri + ": " + describe(e.getCause(), uri));
        } catch (InterruptedException e) {
            abort.run();
            throw e;
        } catch (Exception e) {
            throw new FetchFailed("could not fetch " + uri + ": " + describe(e, uri));
        }
    }

    /** Says what went wrong in words a model can act on, rather than a channel exception's class name. */
    private static String describe(Throwable t, URI uri) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        for (Throwable c : chain) {
            if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
                return "unknown host '" + uri.getHost() + "'";
            }
            if (c instanceof HttpTimeoutException) {
                return "timed out";
            }
            if (c instanceof SSLException) {
                return "TLS error: " + c.getMessage();
            }
        }
        for (Throwable c : chain) {
            if (c instanceof ConnectException) {
                return "could not connect to " + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                        + " (refused or unreachable)";
            }
        }
        Throwable root = chain.get(chain.size() - 1);
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static boolean isTextual(String type) {
        return type.startsWith("text/") || type.contains("json") || type.contains("xml") || type.contains("javascript")
                || type.contains("yaml") || type.contains("csv");
    }

    private static boolean sniffHtml(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, 1024), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        return head.contains("<html") || head.contains("<!doctype html");
    }

    private static boolean hasNul(byte[] body) {
        for (int i = 0; i < Math.min(body.length, 8192); i++) {
            if (body[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // aborting anyway
            }
        }
    }
}
