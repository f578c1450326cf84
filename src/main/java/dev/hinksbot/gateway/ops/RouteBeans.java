package dev.hinksbot.gateway.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.IdempotentConsumerDefinition;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;

/**
 * Which beans a route names, and which beans a user processor's source declares: what `routes validate` checks and
 * what a processor reload re-creates routes for.
 */
public final class RouteBeans {
    /** {@code @BindToRegistry("name")} (or without a name: the class's) on a class in processors/*.java. */
    private static final Pattern DECLARED = Pattern.compile("@BindToRegistry\\s*(?:\\(\\s*(?:value\\s*=\\s*)?\"([^\"]+)\"[^)]*\\))?"
            + "[\\s\\S]*?\\bclass\\s+(\\w+)");

    /** A bean a route names: {@code what} says how (process ref, bean ref, bean, idempotentRepository). */
    public record Ref(String what, String name, String method) {
    }

    private RouteBeans() {
    }

    /** The bean names a Java source binds; comments are skipped (they may show the annotation, as RedactContacts' does). */
    public static List<String> declared(String javaSource) {
        String code = javaSource.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
        List<String> names = new ArrayList<>();
        Matcher m = DECLARED.matcher(code);
        while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return names;
    }

    /**
     * Every bean {@code route} names by a fixed name: {@code process: ref:}, {@code bean: ref:}, an idempotent
     * repository and {@code to: bean:NAME?method=M}. Names computed at run time ({{…}}, ${…}, #class:, #type:) are left out.
     */
    public static List<Ref> refs(RouteDefinition route) {
        List<Ref> refs = new ArrayList<>();
        for (ProcessDefinition p : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), ProcessDefinition.class)) {
            add(refs, "process ref", p.getRef(), null);
        }
        for (BeanDefinition b : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), BeanDefinition.class)) {
            add(refs, "bean ref", b.getRef(), b.getMethod());
        }
        for (IdempotentConsumerDefinition i : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(),
                IdempotentConsumerDefinition.class)) {
            add(refs, "idempotentRepository", i.getIdempotentRepository(), null);
        }
        for (SendDefinition<?> send : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), SendDefinition.class)) {
            String uri = send.getEndpointUri();
            if (uri == null || !uri.startsWith("bean:") || uri.contains("{{") || uri.contains("${")) {
                continue;
            }
            String rest = uri.substring("bean:".length());
            int q = rest.indexOf('?');
            String method = null;
            if (q >= 0) {
                for (String option : rest.substring(q + 1).split("&")) {
                    if (option.startsWith("method=")) {
                        method = option.substring("method=".length());
                    }
                }
            }
            add(refs, "bean", q < 0 ? rest : rest.substring(0, q), method);
        }
        return refs;
    }

    private static void add(List<Ref> refs, String what, String ref, String method) {
        if (ref == null || ref.isBlank() || ref.contains("{{") || ref.startsWith("#class:") || ref.startsWith("#type:")) {
            return;
        }
        String name = ref.startsWith("#bean:") ? ref.substring(6) : ref.startsWith("#") ? ref.substring(1) : ref;
        String m = method == null ? null : method.contains("(") ? method.substring(0, method.indexOf('(')) : method;
        refs.add(new Ref(what, name, m));
    }
}
