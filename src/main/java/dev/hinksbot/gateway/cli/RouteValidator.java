package dev.hinksbot.gateway.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.hinksbot.gateway.channels.slack.SlackSocketComponent;
import dev.hinksbot.gateway.common.Suggestions;
import dev.hinksbot.gateway.ops.RouteBeans;
import org.apache.camel.catalog.EndpointValidationResult;
import org.apache.camel.catalog.impl.DefaultRuntimeCamelCatalog;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Loads route files with Camel's own YAML DSL loader (the same parser the gateway uses) into a context that is
 * never started, so a broken file is reported with its line instead of failing a running gateway; then checks every
 * endpoint URI against Camel's catalog — an unknown component, an unknown option or a value of the wrong type is a
 * problem the gateway would refuse at start; and every bean a route names ({@code process: ref:}, {@code bean:},
 * {@code to: bean:NAME?method=M} — a REST verb's too —, an idempotent repository) against the beans the gateway
 * binds and the user processors in {@code processors/}, with the method when the bean's type is known.
 */
public final class RouteValidator {
    private final Map<String, Class<?>> beans;

    /** {@code beans}: the gateway's beans by name and type; {@code processors}: the home's processors/ folder (may be missing). */
    public RouteValidator(Map<String, Class<?>> beans, Path processors) {
        Map<String, Class<?>> all = new HashMap<>(beans);
        if (processors != null && Files.isDirectory(processors)) {
            try (Stream<Path> files = Files.list(processors)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    for (String name : RouteBeans.declared(Files.readString(file))) {
                        all.putIfAbsent(name, Object.class); // type unknown: compiled later
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + processors, e);
            }
        }
        this.beans = Map.copyOf(all);
    }
    public record Problem(Path file, int line, String message) {
        public String format() {
            return file + (line > 0 ? ":" + line : "") + ": " + message;
        }
    }

    private static final Pattern LINE = Pattern.compile("line (\\d+)");

    public List<Problem> validate(List<Path> files) {
        List<Problem> problems = new ArrayList<>();
        for (Path file : files) {
            try (DefaultCamelContext context = new DefaultCamelContext()) {
                Resource resource = ResourceHelper.resolveResource(context, "file:" + file.toAbsolutePath());
                PluginHelper.getRoutesLoader(context).loadRoutes(resource);
                problems.addAll(endpointProblems(file, context));
                problems.addAll(beanProblems(file, context));
            } catch (Exception e) {
                problems.add(problem(file, e));
            }
        }
        return problems;
    }

    private static List<Problem> endpointProblems(Path file, DefaultCamelContext context) {
        DefaultRuntimeCamelCatalog catalog = new DefaultRuntimeCamelCatalog();
        catalog.setCamelContext(context);
        List<Problem> problems = new ArrayList<>();
        for (RouteDefinition route : ((ModelCamelContext) context).getRouteDefinitions()) {
            List<String> uris = new ArrayList<>();
            if (route.getInput() != null) {
                uris.add(route.getInput().getEndpointUri());
            }
            for (SendDefinition<?> send : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), SendDefinition.class)) {
                uris.add(send.getEndpointUri());
            }
            for (String uri : uris) {
                if (uri == null || uri.startsWith("{{") || uri.contains("${")) {
                    continue; // computed at run time
                }
                if (uri.startsWith(SlackSocketComponent.SCHEME + ":")) {
                    // the gateway's own component, not in Camel's catalog: it has two endpoints and no options
                    String path = uri.substring(SlackSocketComponent.SCHEME.length() + 1);
                    if (!SlackSocketComponent.ENDPOINTS.contains(path)) {
                        problems.add(new Problem(file, 0, "route " + route.getRouteId() + ": " + uri + " is not one of "
                                + SlackSocketComponent.SCHEME + ":" + String.join(", " + SlackSocketComponent.SCHEME + ":",
                                SlackSocketComponent.ENDPOINTS)));
                    }
                    continue;
                }
                EndpointValidationResult result = catalog.validateEndpointProperties(uri, true);
                if (result.getUnknownComponent() != null) {
                    problems.add(new Problem(file, 0, "route " + route.getRouteId() + ": unknown component '"
                            + result.getUnknownComponent() + "' in " + uri + " (not one the gateway has)"));
                    continue;
                }
                // a missing required option is not counted: the gateway sets those on the component (tokens, the port)
                int errors = result.getNumberOfErrors();
                if (result.getRequired() != null) {
                    errors -= result.getRequired().size();
                    result.getRequired().clear();
                }
                if (errors > 0) {
                    String summary = result.summaryErrorMessage(false, false, false).replaceAll("\\s+", " ").trim();
                    problems.add(new Problem(file, 0, "route " + route.getRouteId() + ": " + summary));
                }
            }
        }
        return problems;
    }

    private List<Problem> beanProblems(Path file, DefaultCamelContext context) {
        List<Problem> problems = new ArrayList<>();
        for (RouteDefinition route : ((ModelCamelContext) context).getRouteDefinitions()) {
            // REST verbs are routes here too, without an id until the gateway starts: named by their input
            String where = route.getRouteId() != null ? "route " + route.getRouteId()
                    : route.getInput() != null ? route.getInput().getEndpointUri() : "a route";
            for (RouteBeans.Ref ref : RouteBeans.refs(route)) {
                Class<?> type = beans.get(ref.name());
                if (type == null) {
                    problems.add(new Problem(file, 0, where + ": " + ref.what() + " '" + ref.name() + "' is not a bean the gateway binds"
                            + Suggestions.closest(ref.name(), beans.keySet()).map(s -> " (did you mean '" + s + "'?)").orElse("")
                            + "; see docs/routes.md, or add one in processors/"));
                } else if (ref.method() != null && type != Object.class
                        && Arrays.stream(type.getMethods()).noneMatch(x -> x.getName().equals(ref.method()))) {
                    problems.add(new Problem(file, 0, where + ": bean '" + ref.name() + "' (" + type.getSimpleName()
                            + ") has no method '" + ref.method() + "'"));
                }
            }
        }
        return problems;
    }

    private static Problem problem(Path file, Throwable e) {
        String message = null;
        int line = 0;
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m == null) {
                continue;
            }
            Matcher matcher = LINE.matcher(m);
            if (line == 0 && matcher.find()) {
                line = Integer.parseInt(matcher.group(1));
            }
            message = m; // the innermost message says what is wrong most precisely
        }
        String oneLine = message == null ? e.getClass().getSimpleName() : message.replaceAll("\\s+", " ").trim();
        return new Problem(file, line, oneLine);
    }
}
