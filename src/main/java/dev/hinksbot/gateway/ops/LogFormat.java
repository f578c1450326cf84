package dev.hinksbot.gateway.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.hinksbot.gateway.common.ConfigException;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The gateway's logging, set up in code: logback finds this class as its {@link Configurator} (META-INF/services)
 * before it looks for logback.xml, and parsing XML was a tenth of a cold start. {@code gateway.log.format}:
 * {@code text} (the default, one line per event) or {@code json} (one JSON object per line, logback's own
 * {@link JsonEncoder}). A user's {@code -Dlogback.configurationFile} wins, as does a logback-test.xml on the class path.
 */
public final class LogFormat extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{24} - %msg%n";

    /** Levels besides the root's INFO; each says why. */
    static final Map<String, Level> LEVELS = Map.ofEntries(
            Map.entry("org.apache.camel.main.BaseMainSupport", Level.WARN),
            // Camel's endpoint summary prints http://0.0.0.0:… whatever the bound address; the gateway prints its own
            Map.entry("org.apache.camel.component.platform.http.main.MainHttpServerUtil", Level.WARN),
            // "MicrometerPrometheus not enabled" means only that Camel's own scrape path is off; /metrics is the gateway's
            Map.entry("org.apache.camel.component.micrometer.prometheus.MicrometerPrometheus", Level.WARN),
            // Quartz's start-up banner, and "scheduler has already been started" once per route on every reload
            Map.entry("org.quartz", Level.WARN),
            Map.entry("org.apache.camel.component.quartz", Level.WARN),
            // a line per reloaded, stopped and removed route: hinksbot.routes logs one line per reload (ReloadLog)
            Map.entry("org.apache.camel.support.RouteWatcherReloadStrategy", Level.WARN),
            Map.entry("io.vertx", Level.WARN),
            Map.entry("io.netty", Level.WARN),
            Map.entry("com.zaxxer.hikari", Level.WARN),
            // Flyway says five INFO lines on every start; store.Database logs one when a migration ran
            Map.entry("org.flywaydb", Level.WARN));

    /** For logback's ServiceLoader. */
    public LogFormat() {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogFormat.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY; // logback reads that file
        }
        setUp(context, false);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Switches to {@code format} once the config is read ({@code text} is what logging started with). */
    public static void apply(String format) {
        if (format == null || format.isBlank() || format.equals("text")) {
            return;
        }
        if (!format.equals("json")) {
            throw new ConfigException("gateway.log.format=" + format + " is not a log format: use text or json");
        }
        // a user's own -Dlogback.configurationFile wins: they chose their logging already
        if (System.getProperty("logback.configurationFile") != null
                || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.reset();
        setUp(context, true);
    }

    /** One console appender on the root logger at INFO, in text or JSON, and the {@link #LEVELS}. */
    static void setUp(LoggerContext context, boolean json) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(json ? jsonEncoder(context) : textEncoder(context));
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.start();
        return encoder;
    }
}
