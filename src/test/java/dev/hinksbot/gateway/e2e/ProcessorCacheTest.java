package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The compile cache of processors/*.java (gateway.cache-dir, its processors/ folder): the first start compiles the example
 * processor and keeps its classes; a restart with the same source loads them without javac and the processor works
 * the same; an edited source is compiled again and its new behaviour is what runs; a damaged cache entry (bytes that
 * do not match their checksum, or a checksummed file that is no class) is one WARN line, compiled again and replaced,
 * and the start goes on.
 */
class ProcessorCacheTest {
    static final ScriptedLlamaServer llama = ScriptedLlamaServer.start();

    @AfterAll
    static void stopLlama() {
        llama.close();
    }

    @Test
    void aRestartSkipsJavacAnEditIsCompiledAndADamagedEntryIsRebuilt() throws Exception {
        Path home = Files.createTempDirectory("processor-cache");
        Path processors = Files.createDirectories(home.resolve("processors"));
        Path source = processors.resolve("RedactContacts.java");
        Files.copy(Path.of("processors/RedactContacts.java"), source);
        Path cache = home.resolve("data/cache/processors");

        List<String> first = start(home, "Mail ann@example.org");
        assertThat(first).anySatisfy(l -> assertThat(l).contains("[RedactContacts] compiled in"));
        assertThat(first).contains("redacted: Mail [email]");
        assertThat(entries(cache)).hasSize(1);

        List<String> second = start(home, "Mail bo@example.org");
        assertThat(second).anySatisfy(l -> assertThat(l).contains("[RedactContacts] loaded from the compile cache"));
        assertThat(second).noneSatisfy(l -> assertThat(l).contains("compiled in"));
        assertThat(second).contains("redacted: Mail [email]");

        Files.writeString(source, Files.readString(source).replace("replaceAll(\"[email]\")", "replaceAll(\"[address]\")"));
        List<String> edited = start(home, "Mail cy@example.org");
        assertThat(edited).anySatisfy(l -> assertThat(l).contains("[RedactContacts] compiled in"));
        assertThat(edited).contains("redacted: Mail [address]");
        assertThat(entries(cache)).hasSize(2); // the previous source's entry stays for a revert (pruned when unused for 30 days)

        Path entry = newest(cache);
        Files.write(entry.resolve("RedactContacts.class"), new byte[] {(byte) 0xCA, (byte) 0xFE, 0, 1});
        List<String> damaged = start(home, "Mail di@example.org");
        assertThat(damaged).anySatisfy(l -> assertThat(l).contains("ProcessorCache", "compile cache entry", "damaged", "compiling again"));
        assertThat(damaged).anySatisfy(l -> assertThat(l).contains("[RedactContacts] compiled in"));
        assertThat(damaged).contains("redacted: Mail [address]");

        List<String> rebuilt = start(home, "Mail ed@example.org");
        assertThat(rebuilt).anySatisfy(l -> assertThat(l).contains("[RedactContacts] loaded from the compile cache"));
        assertThat(rebuilt).contains("redacted: Mail [address]");

        // bytes that match their index (so they read back) but are no class: the entry does not load, and is rebuilt
        entry = newest(cache);
        byte[] notAClass = "not a class file".getBytes(StandardCharsets.UTF_8);
        Files.write(entry.resolve("RedactContacts.class"), notAClass);
        Path index = entry.resolve("index");
        Files.writeString(index, Files.readString(index).replaceAll("(?m)^(RedactContacts main )\\w+$",
                "$1" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(notAClass))));
        List<String> unloadable = start(home, "Mail fa@example.org");
        assertThat(unloadable).anySatisfy(l -> assertThat(l).contains("CachingJavaLoader", "does not load", "compiling again"));
        assertThat(unloadable).contains("redacted: Mail [address]");
        assertThat(start(home, "Mail gu@example.org")).anySatisfy(l -> assertThat(l).contains("loaded from the compile cache"));
    }

    /** Starts the gateway on {@code home}'s processors and cache, has its redactContacts bean redact {@code text}, stops. */
    private static List<String> start(Path home, String text) throws Exception {
        try (LogCapture log = new LogCapture()) {
            String redacted;
            try (GatewayHarness gateway = GatewayHarness.start(llama.baseUrl(),
                    "camel.main.routes-include-pattern", "file:routes/*.yaml,file:" + home.resolve("processors") + "/*.java",
                    "gateway.cache-dir", home.resolve("data/cache").toString())) {
                Object bean = gateway.app().camelContext().getRegistry().lookupByName("redactContacts");
                assertThat(bean).as("bound under its @BindToRegistry name").isNotNull();
                redacted = (String) bean.getClass().getMethod("redact", String.class).invoke(null, text);
            }
            return Stream.concat(log.lines().stream(), Stream.of("redacted: " + redacted)).toList();
        }
    }

    private static List<Path> entries(Path cache) throws Exception {
        try (Stream<Path> list = Files.list(cache)) {
            return list.filter(Files::isDirectory).toList();
        }
    }

    private static Path newest(Path cache) throws Exception {
        Path newest = null;
        for (Path e : entries(cache)) {
            if (newest == null || Files.getLastModifiedTime(e.resolve("index")).compareTo(Files.getLastModifiedTime(newest.resolve("index"))) > 0) {
                newest = e;
            }
        }
        return newest;
    }
}
