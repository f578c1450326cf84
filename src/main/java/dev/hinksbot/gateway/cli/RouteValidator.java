package dev.hinksbot.gateway.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Loads route files with Camel's own YAML DSL loader (the same parser the gateway uses) into a context that is
 * never started, so a broken file is reported with its line instead of failing a running gateway.
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
            } catch (Exception e) {
                problems.add(problem(file, e));
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
