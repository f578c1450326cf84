package dev.hinksbot.gateway.processors;

import dev.hinksbot.gateway.config.ConfigLoader;
import org.apache.camel.spi.PropertiesFunction;

/**
 * {@code {{millis:gateway.telegram.poll-delay}}}: a duration key in milliseconds, for endpoint options that take a
 * number. The gateway's durations read a bare number as seconds and accept days ({@code 7d}); Camel would read the
 * same text as milliseconds, so routes convert with this instead of using the key's text. Camel finds the function by
 * name (META-INF/services/org/apache/camel/properties-function/millis) and passes the key's value.
 */
public final class MillisFunction implements PropertiesFunction {

    @Override
    public String getName() {
        return "millis";
    }

    @Override
    public boolean lookupFirst(String remainder) {
        return true;
    }

    @Override
    public String apply(String duration) {
        return String.valueOf(ConfigLoader.durationMillis(duration));
    }
}
