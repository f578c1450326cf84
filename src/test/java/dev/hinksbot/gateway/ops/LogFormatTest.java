package dev.hinksbot.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway's logging as its console shows it: text lines in the documented shape, or one JSON object per line
 * with gateway.log.format=json; Quartz's and Flyway's chatter below WARN is dropped in both.
 */
class LogFormatTest {

    @Test
    void textIsOneLinePerEventWithTimeLevelThreadAndLogger() throws Exception {
        List<String> lines = console(false);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\[main] d\\.hinksbot\\.gateway\\.test - started in 12 ms");
        assertThat(lines.get(1)).contains("WARN", "org.quartz.core", "misfire");
    }

    @Test
    void jsonIsOneObjectPerLineWithTheFormattedMessage() throws Exception {
        List<String> lines = console(true);
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("loggerName").asText()).isEqualTo("dev.hinksbot.gateway.test");
        assertThat(first.path("formattedMessage").asText()).isEqualTo("started in 12 ms");
        assertThat(first.has("arguments")).as("arguments may hold what the message left out").isFalse();
        assertThat(new ObjectMapper().readTree(lines.get(1)).path("level").asText()).isEqualTo("WARN");
    }

    /** What the console shows of four events, one of them an INFO of Quartz's, one a DEBUG. */
    private static List<String> console(boolean json) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // as logback's start-up gives the one it configures
        PrintStream out = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8)); // the console appender takes it as it starts
        try {
            LogFormat.setUp(context, json);
            context.getLogger("dev.hinksbot.gateway.test").info("started in {} ms", 12);
            context.getLogger("dev.hinksbot.gateway.test").debug("not shown");
            context.getLogger("org.quartz.core").info("Quartz Scheduler v2 created.");
            context.getLogger("org.quartz.core").warn("misfire");
        } finally {
            System.setOut(out);
            context.stop();
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
