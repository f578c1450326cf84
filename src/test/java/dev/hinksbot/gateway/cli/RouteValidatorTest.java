package dev.hinksbot.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code routes validate}: what it passes the gateway accepts; what the gateway would refuse it names, with the file. */
class RouteValidatorTest {
    @TempDir
    Path dir;

    @Test
    void theShippedRoutesAreValid() throws Exception {
        List<Path> shipped;
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            shipped = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(shipped).isNotEmpty();
        assertThat(validator().validate(shipped)).isEmpty();
    }

    @Test
    void unknownComponentsOptionsAndBadValuesAreReportedPerRoute() throws Exception {
        Path file = dir.resolve("mine.yaml");
        Files.writeString(file, """
                - route:
                    id: typo-option
                    from:
                      uri: timer:tick
                      parameters:
                        perod: 1000
                      steps:
                        - to: log:x
                - route:
                    id: bad-value
                    from:
                      uri: timer:tock
                      parameters:
                        repeatCount: often
                      steps:
                        - to: nosuchcomponent:there
                """);
        List<String> problems = validator().validate(List.of(file)).stream().map(RouteValidator.Problem::format).toList();
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).startsWith(file.toString()).contains("typo-option", "perod");
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("bad-value", "repeatCount", "often"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("bad-value", "nosuchcomponent"));
    }

    @Test
    void theGatewaysOwnSlackComponentIsCheckedByItsEndpoints() throws Exception {
        Path file = dir.resolve("slack-mine.yaml");
        Files.writeString(file, """
                - route:
                    id: slack-ok
                    from:
                      uri: slack-socket:events
                      steps:
                        - to: slack-socket:chat.postMessage
                - route:
                    id: slack-typo
                    from:
                      uri: direct:x
                      steps:
                        - to: slack-socket:chat.postMesage
                """);
        List<String> problems = validator().validate(List.of(file)).stream().map(RouteValidator.Problem::format).toList();
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).contains("slack-typo", "slack-socket:chat.postMesage", "slack-socket:events");
    }

    @Test
    void everyBeanARouteNamesMustExistWithTheMethodItCalls() throws Exception {
        Path file = dir.resolve("beans.yaml");
        Files.writeString(file, """
                - route:
                    id: beans-ok
                    from:
                      uri: direct:ok
                      steps:
                        - process:
                            ref: authorize
                        - to: bean:systemApi?method=health
                        - process:
                            ref: redactContacts
                - route:
                    id: beans-wrong
                    from:
                      uri: direct:wrong
                      steps:
                        - process:
                            ref: authorise
                        - to: bean:systemApi?method=helth
                        - idempotentConsumer:
                            header: k
                            idempotentRepository: nowhere
                            steps:
                              - to: log:x
                - rest:
                    path: /mine
                    get:
                      - path: /x
                        to: bean:sessionApi?method=list
                """);
        List<String> problems = validator().validate(List.of(file)).stream().map(RouteValidator.Problem::format).toList();
        assertThat(problems).hasSize(4);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("beans-wrong", "'authorise'", "did you mean 'authorize'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("beans-wrong", "'systemApi' (SystemApi) has no method 'helth'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("beans-wrong", "idempotentRepository 'nowhere'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("rest:get:/mine:/x", "'sessionApi'", "did you mean 'sessionsApi'"));

        // a user processor is a bean once processors/ holds it (here: none, so its name is unknown)
        List<String> without = new RouteValidator(dev.hinksbot.gateway.GatewayBeans.catalog(), dir.resolve("no-processors"))
                .validate(List.of(file)).stream().map(RouteValidator.Problem::format).toList();
        assertThat(without).anySatisfy(p -> assertThat(p).contains("beans-ok", "'redactContacts'"));
    }

    private static RouteValidator validator() {
        return new RouteValidator(dev.hinksbot.gateway.GatewayBeans.catalog(), Path.of("processors"));
    }

    @Test
    void brokenYamlIsReportedWithItsLine() throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "- route:\n    from:\n      uri: timer:x\n      steps:\n        - to: [unclosed\n");
        List<RouteValidator.Problem> problems = validator().validate(List.of(file));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).line()).isPositive();
    }
}
