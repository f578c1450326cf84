package dev.hinksbot.gateway.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hinksbot.gateway.tools.Args;
import dev.hinksbot.gateway.tools.Tool;
import dev.hinksbot.gateway.tools.ToolContext;
import dev.hinksbot.gateway.tools.ToolResult;
import dev.hinksbot.gateway.tools.Tools;
import dev.hinksbot.gateway.tools.net.AddressPolicy;
import dev.hinksbot.gateway.tools.net.FetchException;
import dev.hinksbot.gateway.tools.net.GuardedFetcher;
import dev.hinksbot.gateway.tools.net.HostResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * web_extract and web_search. Both fetch through a {@link GuardedFetcher}: the model picks the URLs (a page it read
 * may tell it to), so internal addresses are refused on every hop unless {@code gateway.tools.web-allow} lists them.
 * web_search also trusts the one host:port of the owner's {@code gateway.tools.web-search-url} (a local SearXNG
 * needs no web-allow entry); web_extract does not.
 */
final class WebTools {
    static final int DEFAULT_EXTRACT_CHARS = 20_000;
    private static final int MAX_BODY_BYTES = 5 * 1024 * 1024;
    private static final Pattern CHARSET = Pattern.compile("charset=\"?([\\w.:-]+)", Pattern.CASE_INSENSITIVE);
    static final String NOT_CONFIGURED = "web_search is not configured: set gateway.tools.web-search-url to a "
            + "SearXNG-compatible search endpoint";

    private final BuiltinSettings settings;
    private final GuardedFetcher extractFetcher;
    private final GuardedFetcher searchFetcher;
    private final ObjectMapper json = new ObjectMapper();

    WebTools(BuiltinSettings settings, HostResolver resolver) {
        this.settings = settings;
        AddressPolicy policy = new AddressPolicy(settings.webAllow(), resolver);
        this.extractFetcher = new GuardedFetcher(policy, settings.webTimeout(), MAX_BODY_BYTES);
        this.searchFetcher = extractFetcher.withPolicy(searchPolicy(policy, settings.webSearchUrl()));
    }

    /** The owner wrote the search URL: its host:port is trusted for web_search (redirects elsewhere are still checked). */
    private static AddressPolicy searchPolicy(AddressPolicy policy, String searchUrl) {
        if (searchUrl == null) {
            return policy;
        }
        try {
            URI u = new URI(searchUrl);
            if (u.getHost() == null) {
                return policy;
            }
            int port = u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
            return policy.withAllowed(u.getHost() + ":" + port);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return policy; // the search itself reports the bad URL
        }
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
        Page page;
        try {
            page = fetch(extractFetcher, uri,
                    "text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.8,*/*;q=0.5", ctx);
        } catch (FetchException e) {
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
        URI uri;
        try {
            uri = new URI(base + (base.contains("?") ? "&" : "?") + "q="
                    + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&format=json");
        } catch (URISyntaxException e) {
            return ToolResult.failure("web search failed: gateway.tools.web-search-url is not a valid URL");
        }
        Page res;
        try {
            res = fetch(searchFetcher, uri, "application/json", ctx);
        } catch (FetchException e) {
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

    private record Page(int status, String contentType, String charset, byte[] body, URI uri, boolean truncated) {
    }

    private static Page fetch(GuardedFetcher fetcher, URI uri, String accept, ToolContext ctx) throws FetchException {
        GuardedFetcher.Response r = fetcher.get(uri, accept, ctx.cancel());
        String type = r.contentType();
        Matcher m = CHARSET.matcher(type);
        String charset = m.find() && Charset.isSupported(m.group(1)) ? m.group(1) : null;
        int semi = type.indexOf(';');
        return new Page(r.status(), (semi < 0 ? type : type.substring(0, semi)).strip(), charset, r.body(), r.uri(),
                r.truncated());
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
}
