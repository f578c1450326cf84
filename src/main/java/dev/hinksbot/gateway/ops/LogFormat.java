package dev.hinksbot.gateway.ops;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.hinksbot.gateway.common.ConfigException;
import java.net.URL;
import org.slf4j.LoggerFactory;

/** {@code gateway.log.format}: {@code text} (logback.xml, the default) or {@code json} (logback-json.xml). */
public final class LogFormat {
    private LogFormat() {
    }

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
        URL json = LogFormat.class.getClassLoader().getResource("logback-json.xml");
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        context.reset();
        try {
            configurator.doConfigure(json);
        } catch (JoranException e) {
            throw new ConfigException("cannot switch to JSON logs: " + e.getMessage());
        }
    }
}
