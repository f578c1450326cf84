package dev.hinksbot.gateway.web.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.hinksbot.gateway.web.ApiException;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.servers.Server;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.openapi.BeanConfig;
import org.apache.camel.openapi.RestOpenApiReader;
import org.apache.camel.openapi.RestOpenApiSupport;
import org.apache.camel.spi.ClassResolver;

/**
 * The OpenAPI document at `/api/v1/openapi.json`, built from the routes that run now rather than once at start-up
 * (Camel's own api route renders once, and its model keeps the rest definitions a reload replaced): the REST DSL
 * operations with their record schemas, the hand-described `/v1` and health paths of {@code openapi/paths.yaml},
 * and a stub for any other HTTP route a user added, so every path the gateway serves is listed. The server is the
 * relative "/", so Swagger UI's "Try it out" calls the origin the page was loaded from.
 */
public final class OpenApiDocument implements Processor {
    private static final String PATHS_RESOURCE = "openapi/paths.yaml";
    private static final Pattern PLATFORM_HTTP = Pattern.compile("^platform-http:(?://)?(/[^?]*)(?:\\?(.*))?$");
    private static final Pattern METHODS = Pattern.compile("(?:^|&)httpMethodRestrict=([^&]+)");
    /** The paths HttpGuard answers without the API key (the document says so, so "Try it out" sends none). */
    private static final Set<String> PUBLIC = Set.of("/api/v1/health", "/api/v1/openapi.json", "/v1/health", "/health",
            "/health/live", "/health/ready");
    private static final Pattern SCHEMA_REF = Pattern.compile("\"#/components/schemas/([^\"]+)\"");
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}/]+)}");

    private Rendered cache;

    /** openapi/paths.yaml, read when a document is rendered: the YAML mapper costs start-up a tenth of a second. */
    private static OpenAPI described() throws IOException {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(PATHS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(PATHS_RESOURCE + " is missing from the class path");
            }
            return Yaml.mapper().readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), OpenAPI.class);
        }
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(json(exchange.getContext()));
    }

    /** The document as JSON; built again only when the route definitions changed (a reload, a route added). */
    public synchronized String json(CamelContext context) {
        List<RouteDefinition> routes = List.copyOf(model(context).getRouteDefinitions());
        if (cache == null || !cache.sameRoutes(routes)) {
            cache = new Rendered(routes, render(context, routes));
        }
        return cache.json();
    }

    private String render(CamelContext context, List<RouteDefinition> routes) {
        try {
            OpenAPI doc = restOperations(context, routes);
            doc.setServers(List.of(new Server().url("/").description("this gateway")));
            describeRecords(doc, context.getClassResolver());
            merge(described(), doc);
            stubUndescribed(routes, doc);
            completeOperations(doc);
            PUBLIC.forEach(path -> {
                PathItem item = doc.getPaths().get(path);
                if (item != null) {
                    item.readOperations().forEach(op -> op.setSecurity(List.of()));
                }
            });
            dropUnusedSchemas(doc);
            doc.setPaths(sorted(doc.getPaths()));
            return Json.pretty(doc);
        } catch (Exception e) {
            // a route naming a type that is not there (an outType typo): one line in the log and the answer says what
            throw new ApiException(500, "openapi_unavailable", "the OpenAPI document could not be built: " + e);
        }
    }

    /** The REST DSL operations of the rest definitions live routes came from, without operations no longer running. */
    private static OpenAPI restOperations(CamelContext context, List<RouteDefinition> routes) throws Exception {
        Map<RestDefinition, Boolean> rests = new IdentityHashMap<>();
        List<RestDefinition> ordered = new ArrayList<>();
        Set<String> liveIds = new HashSet<>();
        for (RouteDefinition route : routes) {
            if (Boolean.TRUE.equals(route.isRest()) && route.getRestDefinition() != null) {
                liveIds.add(route.getRouteId());
                if (rests.put(route.getRestDefinition(), Boolean.TRUE) == null) {
                    ordered.add(route.getRestDefinition());
                }
            }
        }
        BeanConfig config = new BeanConfig();
        Map<String, Object> properties = context.getRestConfiguration().getApiProperties();
        new RestOpenApiSupport().initOpenApi(config, properties == null ? Map.of() : properties);
        OpenAPI doc = new RestOpenApiReader().read(context, ordered, config, context.getName(), context.getClassResolver());
        if (doc.getPaths() == null) {
            doc.setPaths(new Paths());
        }
        doc.getPaths().values().forEach(item -> item.readOperationsMap().forEach((method, op) -> {
            if (!liveIds.contains(op.getOperationId())) {
                item.operation(method, null);
            }
            op.setExtensions(null); // x-camelContextId: internal
            typedDefaults(op);
        }));
        doc.getPaths().values().removeIf(item -> item.readOperations().isEmpty());
        return doc;
    }

    /** Camel writes a parameter's {@code defaultValue} as a string; an integer parameter's default is an integer. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void typedDefaults(Operation op) {
        if (op.getParameters() == null) {
            return;
        }
        for (Parameter p : op.getParameters()) {
            Schema schema = p.getSchema();
            if (schema != null && "integer".equals(schema.getType()) && schema.getDefault() instanceof String text
                    && text.matches("-?\\d{1,9}")) {
                schema.setDefault(Integer.valueOf(text));
            }
        }
    }

    /**
     * The record schemas say what the wire does: a primitive component is always there (required), any other may be
     * null (nullable), and so may the fields of an unwrapped one. The generator's x-className extension is internal.
     */
    private static void describeRecords(OpenAPI doc, ClassResolver resolver) {
        if (doc.getComponents() == null || doc.getComponents().getSchemas() == null) {
            return;
        }
        for (Schema<?> schema : doc.getComponents().getSchemas().values()) {
            Object className = schema.getExtensions() == null ? null : schema.getExtensions().get("x-className");
            schema.setExtensions(null);
            Class<?> type = className instanceof Map<?, ?> m && m.get("format") instanceof String name
                    ? resolver.resolveClass(name) : null;
            if (type != null && type.isRecord() && schema.getProperties() != null) {
                describeComponents(type, schema, false);
            }
        }
    }

    private static void describeComponents(Class<?> type, Schema<?> schema, boolean unwrapped) {
        JsonNaming naming = type.getAnnotation(JsonNaming.class);
        for (RecordComponent component : type.getRecordComponents()) {
            // annotations on a record component land on its field (none of these target record components)
            Field field = field(type, component);
            if (field.isAnnotationPresent(JsonUnwrapped.class) && component.getType().isRecord()) {
                describeComponents(component.getType(), schema, true);
                continue;
            }
            String name = naming == null ? component.getName() : SNAKE.translate(component.getName());
            Schema<?> property = schema.getProperties().get(name);
            if (property == null) {
                continue;
            }
            if (JsonNode.class.isAssignableFrom(component.getType()) && !field.isAnnotationPresent(ArraySchema.class)) {
                // free-form JSON: inline, as the field's @Schema says, not a shared "JsonNode" schema of Jackson's fields
                io.swagger.v3.oas.annotations.media.Schema said = field.getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class);
                property = new Schema<>().type(said == null || said.type().isEmpty() ? null : said.type())
                        .description(said == null || said.description().isEmpty() ? null : said.description());
                schema.getProperties().put(name, property);
            }
            if (component.getType().isPrimitive() && !unwrapped) {
                schema.addRequiredItem(name);
            } else if (!component.getType().isPrimitive() && property.get$ref() == null && property.getType() != null) {
                property.setNullable(true); // OpenAPI 3.0 allows nullable only beside a type
            }
        }
    }

    private static Field field(Class<?> type, RecordComponent component) {
        try {
            return type.getDeclaredField(component.getName());
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("record " + type.getName() + " has no field " + component.getName(), e);
        }
    }

    private static void merge(OpenAPI from, OpenAPI into) {
        from.getPaths().forEach((path, item) -> into.getPaths().putIfAbsent(path, item));
        if (into.getComponents() == null) {
            into.setComponents(new Components());
        }
        Components source = from.getComponents();
        if (source.getSchemas() != null) {
            source.getSchemas().forEach(into.getComponents()::addSchemas);
        }
        if (source.getResponses() != null) {
            source.getResponses().forEach(into.getComponents()::addResponses);
        }
        source.getSecuritySchemes().forEach(into.getComponents()::addSecuritySchemes);
        into.setSecurity(from.getSecurity());
        if (from.getTags() != null) {
            from.getTags().forEach(tag -> { // the described tag (with its description) in place of the REST DSL's bare one
                if (into.getTags() != null) {
                    into.getTags().removeIf(t -> t.getName().equals(tag.getName()));
                }
                into.addTagsItem(tag);
            });
        }
    }

    /** A plain platform-http route (one a user added in YAML) gets a minimal operation, so the document lists it. */
    private static void stubUndescribed(List<RouteDefinition> routes, OpenAPI doc) {
        for (RouteDefinition route : routes) {
            if (Boolean.TRUE.equals(route.isRest()) || route.getInput() == null) {
                continue;
            }
            Matcher m = PLATFORM_HTTP.matcher(route.getInput().getEndpointUri());
            if (!m.matches()) {
                continue;
            }
            String path = m.group(1);
            PathItem item = doc.getPaths().computeIfAbsent(path, p -> new PathItem());
            Matcher restrict = m.group(2) == null ? null : METHODS.matcher(m.group(2));
            List<String> methods = restrict != null && restrict.find()
                    ? List.of(restrict.group(1).split(",")) : List.of("GET", "POST");
            for (String method : methods) {
                PathItem.HttpMethod verb = PathItem.HttpMethod.valueOf(method.trim().toUpperCase(Locale.ROOT));
                if (item.readOperationsMap().containsKey(verb)) {
                    continue;
                }
                Operation op = new Operation().operationId(route.getRouteId() + "-" + verb.name().toLowerCase(Locale.ROOT))
                        .summary(route.getDescription() != null ? route.getDescription() : "Route " + route.getRouteId());
                Matcher params = PATH_PARAM.matcher(path);
                while (params.find()) {
                    op.addParametersItem(new Parameter().in("path").name(params.group(1)).required(true)
                            .schema(new Schema<>().type("string")));
                }
                item.operation(verb, op);
            }
        }
    }

    /**
     * Every operation answers something and says so (OpenAPI requires `responses`); each names its error shape for
     * 4XX and 5XX:
     * `{"ok":false,"error":…}` under /api/gui, OpenAI's `{"error":…}` everywhere else.
     */
    private static void completeOperations(OpenAPI doc) {
        doc.getPaths().forEach((path, item) -> item.readOperations().forEach(op -> {
            if (op.getResponses() == null) {
                op.setResponses(new ApiResponses());
            }
            if (op.getResponses().keySet().stream().noneMatch(code -> code.startsWith("2"))) {
                op.getResponses().addApiResponse("200", new ApiResponse().description("OK")
                        .content(new Content().addMediaType("application/json", new MediaType().schema(new Schema<>().type("object")))));
            }
            // the REST DSL leaves an empty "default" response (no description: invalid) when it has no responseMessage
            ApiResponse empty = op.getResponses().get("default");
            if (empty != null && empty.getDescription() == null && empty.get$ref() == null) {
                op.getResponses().remove("default");
            }
            if (op.getResponses().keySet().stream().noneMatch(code -> code.startsWith("4") || code.equals("default"))) {
                String error = path.startsWith("/api/gui/") ? "GuiError" : "ApiError";
                ApiResponse failure = new ApiResponse().description("An error, with a stable code")
                        .content(new Content().addMediaType("application/json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + error))));
                op.getResponses().addApiResponse("4XX", failure).addApiResponse("5XX", failure);
            }
        }));
    }

    /** Schemas the generator made for nested types that no operation reaches any more (JsonNode, unwrapped records). */
    private static void dropUnusedSchemas(OpenAPI doc) {
        Map<String, Schema> schemas = doc.getComponents().getSchemas();
        while (true) {
            Components others = new Components().responses(doc.getComponents().getResponses());
            Set<String> used = new HashSet<>();
            Matcher m = SCHEMA_REF.matcher(Json.pretty(doc.getPaths()) + Json.pretty(others) + Json.pretty(schemas));
            while (m.find()) {
                used.add(m.group(1));
            }
            if (!schemas.keySet().removeIf(name -> !used.contains(name))) {
                return;
            }
        }
    }

    private static Paths sorted(Paths paths) {
        Paths out = new Paths();
        new TreeMap<>(paths).forEach(out::addPathItem);
        return out;
    }

    private static Model model(CamelContext context) {
        return context.getCamelContextExtension().getContextPlugin(Model.class);
    }

    /** The last document with the route definitions it was built from (compared by identity: a reload makes new ones). */
    private record Rendered(List<RouteDefinition> routes, String json) {
        boolean sameRoutes(List<RouteDefinition> now) {
            if (now.size() != routes.size()) {
                return false;
            }
            for (int i = 0; i < now.size(); i++) {
                if (now.get(i) != routes.get(i)) {
                    return false;
                }
            }
            return true;
        }
    }
}
