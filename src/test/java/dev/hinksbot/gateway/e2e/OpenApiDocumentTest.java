package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.RestAssert.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Route;
import org.apache.camel.component.rest.RestEndpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenAPI document at /api/v1/openapi.json is a valid OpenAPI 3 document (swagger-parser, the validator behind
 * swagger-cli, finds nothing), lists every HTTP route the running gateway serves, describes bodies with schemas that
 * match what the gateway really answers, and points "Try it out" at the origin the docs page came from.
 */
class OpenApiDocumentTest {
    private static final Pattern URI_PATH = Pattern.compile("^platform-http:(?://)?(/[^?]*)(?:\\?(.*))?$");
    private static final Pattern METHODS = Pattern.compile("(?:^|&)httpMethodRestrict=([^&]+)");

    /** Fields the wire leaves out when there is nothing to say (a process only when managed, tool outcomes on tool messages). */
    private static final Set<String> ABSENT_WHEN_EMPTY = Set.of("process", "files", "tool_success", "tool_error");

    @RegisterExtension
    static final LiveGateway live = new LiveGateway();
    static String text;
    static OpenAPI doc;

    @BeforeAll
    static void fetch() throws Exception {
        HttpResponse<String> r = live.gateway().get("/api/v1/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        text = r.body();
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/openapi.json"), text); // for a look or a lint by hand
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(text, null, options);
        assertThat(parsed.getMessages()).as("validation messages").isEmpty();
        doc = parsed.getOpenAPI();
    }

    @Test
    void isAValidOpenApi3DocumentWithUniqueOperationsAndDeclaredPathParameters() {
        assertThat(doc.getOpenapi()).startsWith("3.0");
        assertThat(doc.getInfo().getTitle()).isEqualTo("HinksBot Gateway API");
        Set<String> ids = new HashSet<>();
        doc.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            String where = method + " " + path;
            assertThat(op.getOperationId()).as("operationId of %s", where).isNotBlank();
            assertThat(ids.add(op.getOperationId())).as("operationId %s of %s is unique", op.getOperationId(), where).isTrue();
            assertThat(op.getResponses()).as("responses of %s", where).isNotEmpty();
            assertThat(op.getResponses().keySet()).as("%s has a success answer", where).anyMatch(c -> c.startsWith("2"));
            List<String> declared = new ArrayList<>();
            for (Parameter p : parameters(item, op)) {
                if ("path".equals(p.getIn())) {
                    declared.add(p.getName());
                }
            }
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(path);
            List<String> inPath = new ArrayList<>();
            while (m.find()) {
                inPath.add(m.group(1));
            }
            assertThat(declared).as("path parameters of %s", where).containsExactlyInAnyOrderElementsOf(inPath);
        }));
        assertThat(ids).hasSizeGreaterThan(40);
    }

    /** The query parameters the API reads are in the document, with the defaults the code uses ("try it out" shows them). */
    @Test
    void queryParametersAreDeclaredWithTheirDefaults() {
        assertThat(query("/api/v1/stats")).containsExactly("days=30");
        assertThat(query("/api/v1/sessions")).containsExactly("page=1", "limit=50");
        assertThat(query("/api/v1/sessions/search")).containsExactly("q (required)", "limit=20");
        assertThat(query("/api/v1/sessions/{id}/messages")).containsExactly("page=1", "limit=50");
        assertThat(query("/api/v1/sessions/{id}/export")).containsExactly("format=json");
        assertThat(query("/api/v1/outbox")).containsExactly("status", "limit=50");
        assertThat(query("/api/v1/tools")).containsExactly("group");
        assertThat(query("/api/gui/cron/jobs/{id}/runs")).containsExactly("limit=20");
    }

    private static List<String> query(String path) {
        PathItem item = doc.getPaths().get(path);
        assertThat(item).as(path).isNotNull();
        return parameters(item, item.getGet()).stream().filter(p -> "query".equals(p.getIn()))
                .map(p -> p.getName() + (Boolean.TRUE.equals(p.getRequired()) ? " (required)" : "")
                        + (p.getSchema() != null && p.getSchema().getDefault() != null ? "=" + p.getSchema().getDefault() : ""))
                .toList();
    }

    @Test
    void everyReferenceResolves() throws Exception {
        JsonNode root = dev.hinksbot.gateway.common.Json.parse(text);
        List<String> refs = new ArrayList<>();
        root.findValues("$ref").forEach(r -> refs.add(r.asText()));
        assertThat(refs).hasSizeGreaterThan(40);
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(root.at(ref.substring(1)).isMissingNode()).as("%s resolves", ref).isFalse();
        }
        // OpenAPI 3.0 allows `nullable` only beside a `type` (redocly's nullable-type-sibling)
        for (JsonNode parent : root.findParents("nullable")) {
            assertThat(parent.has("type")).as("type beside nullable in %s", parent).isTrue();
        }
    }

    @Test
    void publicPathsNeedNoKeyAndTheRestNameTheBearerKey() {
        assertThat(doc.getComponents().getSecuritySchemes().get("apiKey").getScheme()).isEqualTo("bearer");
        assertThat(doc.getSecurity()).hasSize(1);
        assertThat(doc.getPaths().get("/api/v1/health").getGet().getSecurity()).isEmpty();
        assertThat(doc.getPaths().get("/health/ready").getGet().getSecurity()).isEmpty();
        assertThat(doc.getPaths().get("/api/v1/sessions").getGet().getSecurity()).isNull(); // the document's: the key
    }

    @Test
    void everyHttpRouteTheGatewayServesIsListed() {
        Set<String> served = new TreeSet<>();
        for (Route route : live.gateway().app().camelContext().getRoutes()) {
            if (route.getEndpoint() instanceof RestEndpoint rest) {
                served.add(rest.getMethod().toUpperCase(Locale.ROOT) + " " + rest.getPath()
                        + (rest.getUriTemplate() == null ? "" : rest.getUriTemplate()));
                continue;
            }
            Matcher m = URI_PATH.matcher(URLDecoder.decode(route.getEndpoint().getEndpointUri(), StandardCharsets.UTF_8));
            if (!m.matches()) {
                continue;
            }
            Matcher restrict = m.group(2) == null ? null : METHODS.matcher(m.group(2));
            String methods = restrict != null && restrict.find() ? restrict.group(1) : "GET";
            for (String method : methods.split(",")) {
                served.add(method.toUpperCase(Locale.ROOT) + " " + m.group(1));
            }
        }
        Set<String> documented = new TreeSet<>();
        doc.getPaths().forEach((path, item) -> item.readOperationsMap().keySet().forEach(method -> documented.add(method + " " + path)));
        assertThat(served).as("HTTP routes").hasSizeGreaterThan(40)
                .contains("GET /api/v1/sessions", "POST /v1/chat/completions", "GET /api/gui/cron/jobs", "GET /api/v1/openapi.json");
        assertThat(documented).containsAll(served).contains("GET /health/live", "GET /health/ready");
    }

    @Test
    void theServerIsRelativeSoTryItOutCallsThisGateway() {
        assertThat(doc.getServers()).hasSize(1);
        assertThat(doc.getServers().get(0).getUrl()).isEqualTo("/");
        assertThat(text).doesNotContain("0.0.0.0");
    }

    @Test
    void openAiPathsHaveRequestAndResponseSchemas() {
        Operation chat = doc.getPaths().get("/v1/chat/completions").getPost();
        Schema<?> request = resolve(chat.getRequestBody().getContent().get("application/json").getSchema());
        assertThat(request.getRequired()).contains("messages");
        assertThat(request.getProperties()).containsKeys("model", "messages", "stream", "tools");
        Schema<?> answer = resolve(chat.getResponses().get("200").getContent().get("application/json").getSchema());
        assertThat(answer.getProperties()).containsKeys("id", "object", "choices", "usage");
        assertThat(doc.getPaths().get("/v1/responses").getPost().getResponses().get("200").getContent())
                .containsKeys("application/json", "text/event-stream");
    }

    @Test
    void restAnswersMatchTheirSchemas() throws Exception {
        JsonNode created = json(live.gateway().post("/api/v1/sessions", "{\"title\":\"schema\"}"), 201);
        String id = created.path("id").asText();
        assertSameFields("GET", "/api/v1/sessions/{id}", json(live.gateway().get("/api/v1/sessions/" + id), 200));
        assertSameFields("GET", "/api/v1/sessions", json(live.gateway().get("/api/v1/sessions"), 200));
        assertSameFields("GET", "/api/v1/sessions/{id}/messages",
                json(live.gateway().get("/api/v1/sessions/" + id + "/messages"), 200));
        assertSameFields("GET", "/api/v1/health", json(live.gateway().get("/api/v1/health"), 200));
        assertSameFields("GET", "/api/v1/tools/{name}", json(live.gateway().get("/api/v1/tools/file_read"), 200));
        assertSameFields("GET", "/api/v1/tools", json(live.gateway().get("/api/v1/tools"), 200));
        assertSameFields("GET", "/api/v1/tools/groups", json(live.gateway().get("/api/v1/tools/groups"), 200));
        assertSameFields("GET", "/api/v1/sessions/search", json(live.gateway().get("/api/v1/sessions/search?q=schema"), 200));
        assertSameFields("GET", "/api/v1/stats", json(live.gateway().get("/api/v1/stats"), 200));
        assertSameFields("GET", "/api/v1/defaults", json(live.gateway().get("/api/v1/defaults"), 200));
        assertSameFields("GET", "/api/v1/outbox", json(live.gateway().get("/api/v1/outbox"), 200));
        assertSameFields("DELETE", "/api/v1/sessions/{id}", json(live.gateway().delete("/api/v1/sessions/" + id), 200));

        // the web console's envelope: {"ok":true,"data":{…}}, data described by its own record
        JsonNode job = json(live.gateway().post("/api/gui/cron/jobs", "{\"prompt\":\"hello\",\"schedule\":\"every 1h\"}"), 201);
        assertSameFields("POST", "/api/gui/cron/jobs", "201", job);
        String jobId = job.path("data").path("job_id").asText();
        assertSameFields("GET", "/api/gui/cron/jobs/{id}", json(live.gateway().get("/api/gui/cron/jobs/" + jobId), 200));
        assertSameFields("GET", "/api/gui/cron/jobs", json(live.gateway().get("/api/gui/cron/jobs"), 200));
        assertSameFields("GET", "/api/gui/cron/jobs/{id}/runs", json(live.gateway().get("/api/gui/cron/jobs/" + jobId + "/runs"), 200));

        Operation create = doc.getPaths().get("/api/v1/sessions").getPost();
        Schema<?> body = resolve(create.getRequestBody().getContent().get("application/json").getSchema());
        assertThat(body.getProperties()).containsKeys("title", "model", "system_prompt", "tool_options", "max_turns");
    }

    /** The answer's field names are exactly the schema's properties: the document tells the truth about the wire. */
    private static void assertSameFields(String method, String path, JsonNode answer) {
        assertSameFields(method, path, "200", answer);
    }

    private static void assertSameFields(String method, String path, String status, JsonNode answer) {
        Operation op = doc.getPaths().get(path).readOperationsMap().get(PathItem.HttpMethod.valueOf(method));
        assertSameFields(method + " " + path, resolve(op.getResponses().get(status).getContent().get("application/json").getSchema()), answer);
    }

    /** Down into objects the schema describes by reference, so nested records are checked too. */
    private static void assertSameFields(String where, Schema<?> schema, JsonNode answer) {
        Set<String> fields = new TreeSet<>();
        answer.fieldNames().forEachRemaining(fields::add);
        Set<String> expected = new TreeSet<>(schema.getProperties().keySet());
        expected.removeIf(name -> ABSENT_WHEN_EMPTY.contains(name) && !fields.contains(name));
        assertThat(fields).as("fields of %s", where).isEqualTo(expected);
        if (schema.getRequired() != null) {
            assertThat(fields).as("required fields of %s", where).containsAll(schema.getRequired());
        }
        schema.getProperties().forEach((name, property) -> {
            if (property.get$ref() != null && answer.path(name).isObject()) {
                assertSameFields(where + " ." + name, resolve(property), answer.get(name));
            }
        });
    }

    private static Schema<?> resolve(Schema<?> schema) {
        if (schema.get$ref() == null) {
            return schema;
        }
        String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
        Map<String, Schema> all = doc.getComponents().getSchemas();
        return all.get(name);
    }

    private static List<Parameter> parameters(PathItem item, Operation op) {
        List<Parameter> all = new ArrayList<>();
        if (item.getParameters() != null) {
            all.addAll(item.getParameters());
        }
        if (op.getParameters() != null) {
            all.addAll(op.getParameters());
        }
        return all;
    }
}
