package dev.hinksbot.gateway.tools.manifest;

import static dev.hinksbot.gateway.tools.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.tools.TestSupport;
import dev.hinksbot.gateway.tools.ToolContext;
import dev.hinksbot.gateway.tools.ToolResult;
import dev.hinksbot.gateway.tools.ToolSpec;
import dev.hinksbot.gateway.tools.builtin.BuiltinSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestToolLoaderTest {
    private static final String WORD_COUNT = """
            name: word_count
            description: Count words in a file
            groups: [file]
            parameters:
              type: object
              properties:
                path: {type: string, description: file to count}
              required: [path]
            command: "wc -w -- {{path}}"
            timeout_seconds: 10
            """;

    @TempDir
    Path tmp;
    Path dir;
    TestSupport t;
    ManifestToolLoader loader;
    final AtomicReference<String> invoked = new AtomicReference<>();

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createDirectories(tmp.resolve("tools"));
        t = new TestSupport(tmp.resolve("ws"));
        EndpointInvoker invoker = (uri, body, headers, timeout) -> {
            invoked.set(uri + " " + body + " " + headers);
            return "looked up " + headers.get("key");
        };
        loader = new ManifestToolLoader(dir, t.registry, t.workspace, BuiltinSettings.defaults(), invoker, t.commands);
    }

    @AfterEach
    void tearDown() {
        loader.close();
    }

    @Test
    void loadsCommandToolAndRunsItInTheWorkspace() throws Exception {
        Files.writeString(dir.resolve("word_count.yaml"), WORD_COUNT);
        Files.writeString(t.workspace.root().resolve("a.txt"), "one two three\n");

        assertThat(loader.loadAll()).isEmpty();
        ToolSpec spec = t.registry.find("word_count").orElseThrow().spec();
        assertThat(spec.groups()).containsExactly("file");
        assertThat(t.registry.groups().get("file")).contains("word_count", "file_read");

        ToolResult r = t.call("word_count", "{\"path\":\"a.txt\"}");
        assertThat(r.success()).as(r.modelText()).isTrue();
        assertThat(r.output()).startsWith("3 a.txt");
        assertThat(t.call("word_count", "{}").error()).contains("'path'");
    }

    @Test
    void placeholderValuesAreQuotedSoTheyCannotInject() throws Exception {
        Files.writeString(dir.resolve("word_count.yaml"), WORD_COUNT);
        loader.loadAll();

        ToolResult r = t.call("word_count", "{\"path\":\"x; touch pwned\"}");
        assertThat(r.success()).isFalse();
        assertThat(r.error()).contains("x; touch pwned"); // wc complains about one odd file name
        ToolResult r2 = t.call("word_count", "{\"path\":\"$(touch pwned2)'; touch pwned3; '\"}");
        assertThat(r2.success()).isFalse();
        assertThat(t.workspace.root().resolve("pwned")).doesNotExist();
        assertThat(t.workspace.root().resolve("pwned2")).doesNotExist();
        assertThat(t.workspace.root().resolve("pwned3")).doesNotExist();
    }

    @Test
    void endpointToolSendsArgsAsBodyAndHeaders() throws Exception {
        Files.writeString(dir.resolve("lookup.yml"), """
                name: lookup
                description: Look a key up
                parameters:
                  type: object
                  properties:
                    key: {type: string}
                    n: {type: integer}
                endpoint: "direct:lookup"
                """);
        assertThat(loader.loadAll()).isEmpty();
        ToolResult r = t.call("lookup", "{\"key\":\"k1\",\"n\":2}");
        assertThat(r.output()).isEqualTo("looked up k1");
        assertThat(invoked.get()).isEqualTo("direct:lookup {\"key\":\"k1\",\"n\":2} {key=k1, n=2}");
    }

    @Test
    void badManifestsAreReportedByFileAndGoodOnesStillLoad() throws Exception {
        Files.writeString(dir.resolve("good.yaml"), WORD_COUNT);
        Files.writeString(dir.resolve("both.yaml"), "name: both\ndescription: d\ncommand: ls\nendpoint: direct:x\n");
        Files.writeString(dir.resolve("neither.yaml"), "name: neither\ndescription: d\n");
        Files.writeString(dir.resolve("badname.yaml"), "name: 'bad name!'\ndescription: d\ncommand: ls\n");
        Files.writeString(dir.resolve("undeclared.yaml"), "name: undeclared\ndescription: d\ncommand: cat {{file}}\n");
        Files.writeString(dir.resolve("params.yaml"), "name: params\ndescription: d\nparameters: [a, b]\ncommand: ls\n");
        Files.writeString(dir.resolve("override.yaml"), "name: run_shell\ndescription: mine now\ncommand: ls\n");
        Files.writeString(dir.resolve("broken.yaml"), "name: [unclosed\n");
        Files.writeString(dir.resolve("quoted.yaml"), """
                name: quoted
                description: d
                parameters: {type: object, properties: {p: {type: string}}}
                command: "cat '{{p}}'"
                """);
        Files.writeString(dir.resolve("notes.txt"), "not a manifest");

        List<String> problems = loader.loadAll();

        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("tools/both.yaml: exactly one of 'command' or 'endpoint'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("tools/neither.yaml: exactly one of"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("tools/badname.yaml: name 'bad name!' is invalid"));
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .isEqualTo("tools/undeclared.yaml: placeholder {{file}} is not a declared parameter"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("tools/params.yaml: 'parameters' must be"));
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .isEqualTo("tools/override.yaml: name 'run_shell' is a built-in tool and cannot be overridden"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("tools/broken.yaml: invalid YAML"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("tools/quoted.yaml: placeholder {{p}} must not be quoted"));
        assertThat(problems).noneMatch(p -> p.contains("good.yaml") || p.contains("notes.txt"));
        assertThat(problems).as("one line per problem").noneMatch(p -> p.contains("\n"));

        assertThat(t.registry.find("word_count")).isPresent();
        assertThat(t.registry.find("both")).isEmpty();
        assertThat(t.registry.find("run_shell").orElseThrow().spec().description()).doesNotContain("mine now");
    }

    @Test
    void watchingPicksUpAddModifyRenameAndDelete() throws Exception {
        assertThat(loader.loadAll()).isEmpty();
        loader.startWatching();
        Duration within = Duration.ofSeconds(10);

        Path file = dir.resolve("word_count.yaml");
        Files.writeString(file, WORD_COUNT);
        assertThat(eventually(within, () -> t.registry.find("word_count").isPresent())).as("added").isTrue();

        Files.writeString(file, WORD_COUNT.replace("Count words in a file", "Counts words, edited"));
        assertThat(eventually(within, () -> t.registry.find("word_count")
                .map(x -> x.spec().description().equals("Counts words, edited")).orElse(false))).as("modified").isTrue();

        Files.writeString(file, WORD_COUNT.replace("name: word_count", "name: words"));
        assertThat(eventually(within, () -> t.registry.find("words").isPresent()
                && t.registry.find("word_count").isEmpty())).as("renamed").isTrue();

        Files.delete(file);
        assertThat(eventually(within, () -> t.registry.find("words").isEmpty())).as("deleted").isTrue();
        assertThat(t.registry.find("file_read")).as("built-ins untouched").isPresent();
    }

    @Test
    void shippedExampleManifestsLoadCleanly() throws Exception {
        Path shipped = Path.of("tools");
        assertThat(shipped.resolve("word_count.yaml")).exists();
        ManifestToolLoader real = new ManifestToolLoader(shipped, t.registry, t.workspace, BuiltinSettings.defaults(), null, t.commands);
        assertThat(real.loadAll()).isEmpty();
        Files.writeString(t.workspace.root().resolve("b.txt"), "a b\n");
        ToolResult r = t.registry.find("word_count").orElseThrow()
                .execute(TestSupport.json("{\"path\":\"b.txt\"}"), ToolContext.detached());
        assertThat(r.output()).startsWith("2 b.txt");
    }

    @Test
    void quotingKeepsEachValueOneWord() throws Exception {
        List<String> problems = new java.util.ArrayList<>();
        CommandTemplate echo = CommandTemplate.parse("echo {{a}} {{ b }}", java.util.Set.of("a", "b"), false, problems);
        assertThat(problems).isEmpty();
        assertThat(echo.expand(TestSupport.jsonUnchecked("{\"a\":\"it's\",\"b\":3}"))).isEqualTo("echo 'it'\\''s' '3'");
        assertThat(echo.expand(TestSupport.jsonUnchecked("{}"))).isEqualTo("echo '' ''");
    }

    @Test
    void aValueStartingWithADashIsRefusedBecauseTheCommandWouldReadItAsAnOption() throws Exception {
        Files.writeString(dir.resolve("word_count.yaml"), WORD_COUNT.replace("wc -w -- {{path}}", "wc -w {{path}}"));
        assertThat(loader.loadAll()).isEmpty();
        for (String attack : List.of("--files0-from=/proc/1/cmdline", "-", "-c", "--help")) {
            ToolResult r = t.call("word_count", "{\"path\":" + TestSupport.q(attack) + "}");
            assertThat(r.success()).as(attack).isFalse();
            assertThat(r.error()).isEqualTo("argument 'path' must not start with '-'");
        }
        // a value attached to the owner's own text cannot become an option
        Files.writeString(dir.resolve("head.yaml"), """
                name: head_n
                description: first lines
                parameters: {type: object, properties: {n: {type: string}, path: {type: string}}}
                command: "head --lines={{n}} -- {{path}}"
                """);
        assertThat(loader.loadAll()).isEmpty();
        Files.writeString(t.workspace.root().resolve("a.txt"), "1\n2\n3\n");
        assertThat(t.call("head_n", "{\"n\":\"-1\",\"path\":\"a.txt\"}").output()).startsWith("1\n2\n[exit code 0");
    }

    @Test
    void allowDashNeedsADoubleDashBeforeThePlaceholder() throws Exception {
        Files.writeString(dir.resolve("ok.yaml"), """
                name: dashed
                description: count words of any name
                parameters: {type: object, properties: {path: {type: string}}}
                command: "wc -w -- {{path}}"
                allow_dash: true
                """);
        Files.writeString(dir.resolve("bad.yaml"), """
                name: undashed
                description: d
                parameters: {type: object, properties: {path: {type: string}}}
                command: "wc -w {{path}}"
                allow_dash: true
                """);
        List<String> problems = loader.loadAll();
        assertThat(problems).singleElement().asString().startsWith("tools/bad.yaml: allow_dash needs a '--' word before {{path}}");
        Files.writeString(t.workspace.root().resolve("-odd name.txt"), "one two\n");
        assertThat(t.call("dashed", "{\"path\":\"-odd name.txt\"}").output()).startsWith("2 -odd name.txt");
    }

    @Test
    void placeholdersThatCouldEscapeTheirQuotingAreRefusedAtLoad() throws Exception {
        Map<String, String> templates = Map.of(
                "inquotes", "wc -w '{{p}}'",
                "insentence", "echo 'counting {{p}} now'",
                "indouble", "echo \"file: {{p}}\"",
                "backtick", "echo `cat {{p}}`",
                "escaped", "echo \\{{p}}",
                "dollar", "echo ${{p}}",
                "ascommand", "{{p}} --version",
                "afterpipe", "ls | {{p}}");
        templates.forEach((name, command) -> {
            try {
                Files.writeString(dir.resolve(name + ".yaml"), "name: " + name + "\ndescription: d\n"
                        + "parameters: {type: object, properties: {p: {type: string}}}\ncommand: |-\n  " + command + "\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<String> problems = loader.loadAll();
        for (String name : templates.keySet()) {
            assertThat(problems).as(name + ": " + templates.get(name)).anySatisfy(p -> assertThat(p).startsWith("tools/" + name + ".yaml: placeholder {{p}} must not be"));
            assertThat(t.registry.find(name)).isEmpty();
        }
    }

    @Test
    void commandToolsAreNotLoadedWithoutASandbox() throws Exception {
        ManifestToolLoader none = new ManifestToolLoader(dir, t.registry, t.workspace, BuiltinSettings.defaults(), null,
                new dev.hinksbot.gateway.tools.CommandPolicy(java.util.Optional.empty(),
                        new dev.hinksbot.gateway.tools.approval.CommandApprovals(dev.hinksbot.gateway.tools.approval.ApprovalMode.DANGEROUS)));
        Files.writeString(dir.resolve("word_count.yaml"), WORD_COUNT);
        assertThat(none.loadAll()).singleElement().asString().contains("no sandbox could be started");
        assertThat(t.registry.find("word_count")).isEmpty();
    }

    @Test
    void commandToolsAskUnderAlwaysAndNotUnderDangerous() throws Exception {
        Files.writeString(dir.resolve("word_count.yaml"), WORD_COUNT);
        loader.loadAll();
        assertThat(t.registry.find("word_count").orElseThrow().approvalReason(TestSupport.json("{\"path\":\"a\"}"))).isEmpty();
        ManifestToolLoader always = new ManifestToolLoader(dir, t.registry, t.workspace, BuiltinSettings.defaults(), null,
                new dev.hinksbot.gateway.tools.CommandPolicy(t.commands.sandbox(),
                        new dev.hinksbot.gateway.tools.approval.CommandApprovals(dev.hinksbot.gateway.tools.approval.ApprovalMode.ALWAYS)));
        t.registry.unregister("word_count");
        always.loadAll();
        assertThat(t.registry.find("word_count").orElseThrow().approvalReason(TestSupport.json("{\"path\":\"a\"}")))
                .get().asString().contains("always");
    }
}
