package dev.hinksbot.gateway.common;

import java.time.Duration;

/** Durations as people read them in messages: "30 s", "500 ms". */
public final class Durations {
    private Durations() {
    }

    public static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
