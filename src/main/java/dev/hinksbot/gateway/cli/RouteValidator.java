package dev.hinksbot.gateway.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.hinksbot.gateway.channels.slack.SlackSocketComponent;
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
 * problem the gateway would refuse at start. (Bean names after {@code ref:} are not checked yet.)
 */
public final class RouteValidator {
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
