package dev.hinksbot.gateway.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "routes", description = "Work with the Camel routes in routes/.", subcommands = RoutesCommand.Validate.class)
final class RoutesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("usage: routes validate [DIR]");
        return 2;
    }

    @Command(name = "validate", description = "Check every routes/*.yaml without starting the gateway; report file and line of each problem.")
    static final class Validate implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", description = "Folder of route files (default: the home's routes/)")
        Path dir;

        @Override
        public Integer call() throws Exception {
            if (dir == null) {
                dir = dev.hinksbot.gateway.config.ConfigLoader.fromEnvironment().home().resolve("routes");
            }
            if (!Files.isDirectory(dir)) {
                System.err.println(dir + ": not a folder");
                return 2;
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
            }
            // Only the verdict matters here, not Camel's start/stop chatter.
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.camel")).setLevel(ch.qos.logback.classic.Level.WARN);
            List<RouteValidator.Problem> problems = new RouteValidator(dev.hinksbot.gateway.GatewayBeans.catalog(), dir.resolveSibling("processors")).validate(files);
            problems.forEach(p -> System.out.println(p.format()));
            System.out.println(files.size() + " route file(s) checked, " + problems.size() + " problem(s)");
            return problems.isEmpty() ? 0 : 1;
        }
    }
}
