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
import org.apache.camel.catalog.EndpointValidationResult;
import org.apache.camel.catalog.impl.DefaultRuntimeCamelCatalog;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.IdempotentConsumerDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessDefinition;
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
    /** How a user processor in processors/*.java names itself: {@code @BindToRegistry("name")} on its class. */
    private static final Pattern USER_BEAN = Pattern.compile("@BindToRegistry\\s*(?:\\(\\s*(?:value\\s*=\\s*)?\"([^\"]+)\"[^)]*\\))?"
            + "[\\s\\S]*?\\bclass\\s+(\\w+)");

    private final Map<String, Class<?>> beans;

    /** {@code beans}: the gateway's beans by name and type; {@code processors}: the home's processors/ folder (may be missing). */
    public RouteValidator(Map<String, Class<?>> beans, Path processors) {
        Map<String, Class<?>> all = new HashMap<>(beans);
        if (processors != null && Files.isDirectory(processors)) {
            try (Stream<Path> files = Files.list(processors)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    // comments may show the annotation too (RedactContacts' does): only code counts
                    String code = Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
                    Matcher m = USER_BEAN.matcher(code);
                    while (m.find()) {
                        all.putIfAbsent(m.group(1) != null ? m.group(1) : m.group(2), Object.class); // type unknown: compiled later
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
        ModelCamelContext model = context;
        for (RouteDefinition route : model.getRouteDefinitions()) {
            // REST verbs are routes here too, without an id until the gateway starts: named by their input
            String where = route.getRouteId() != null ? "route " + route.getRouteId()
                    : route.getInput() != null ? route.getInput().getEndpointUri() : "a route";
            for (ProcessDefinition p : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), ProcessDefinition.class)) {
                checkBean(problems, file, where, "process ref", p.getRef(), null);
            }
            for (BeanDefinition b : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), BeanDefinition.class)) {
                checkBean(problems, file, where, "bean ref", b.getRef(), b.getMethod());
            }
            for (IdempotentConsumerDefinition i : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(),
                    IdempotentConsumerDefinition.class)) {
                checkBean(problems, file, where, "idempotentRepository", i.getIdempotentRepository(), null);
            }
            for (SendDefinition<?> send : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), SendDefinition.class)) {
                checkBeanUri(problems, file, where, send.getEndpointUri());
            }
        }
        return problems;
    }

    /** {@code bean:NAME?method=M} names a bean (and a method of it). */
    private void checkBeanUri(List<Problem> problems, Path file, String where, String uri) {
        if (uri == null || !uri.startsWith("bean:") || uri.contains("{{") || uri.contains("${")) {
            return;
        }
        String rest = uri.substring("bean:".length());
        int q = rest.indexOf('?');
        String name = q < 0 ? rest : rest.substring(0, q);
        String method = null;
        if (q >= 0) {
            for (String option : rest.substring(q + 1).split("&")) {
                if (option.startsWith("method=")) {
                    method = option.substring("method=".length());
                }
            }
        }
        checkBean(problems, file, where, "bean", name, method);
    }

    private void checkBean(List<Problem> problems, Path file, String where, String what, String ref, String method) {
        if (ref == null || ref.isBlank() || ref.contains("{{") || ref.startsWith("#class:") || ref.startsWith("#type:")) {
            return;
        }
        String name = ref.startsWith("#bean:") ? ref.substring(6) : ref.startsWith("#") ? ref.substring(1) : ref;
        Class<?> type = beans.get(name);
        if (type == null) {
            problems.add(new Problem(file, 0, where + ": " + what + " '" + name + "' is not a bean the gateway binds"
                    + Suggestions.closest(name, beans.keySet()).map(s -> " (did you mean '" + s + "'?)").orElse("")
                    + "; see docs/routes.md, or add one in processors/"));
            return;
        }
        String m = method == null ? null : method.contains("(") ? method.substring(0, method.indexOf('(')) : method;
        if (m != null && type != Object.class && Arrays.stream(type.getMethods()).noneMatch(x -> x.getName().equals(m))) {
            problems.add(new Problem(file, 0, where + ": bean '" + name + "' (" + type.getSimpleName() + ") has no method '" + m + "'"));
        }
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
