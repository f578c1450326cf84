package dev.hinksbot.gateway.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The {@code local} target: each delivery is saved as a Markdown file in the delivery folder. */
public final class LocalDelivery {
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private final Path dir;
    private final Clock clock;

    public LocalDelivery(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    public Path save(String text) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("delivery-" + NAME.format(clock.instant()) + "-" + Integer.toHexString(text.hashCode()) + ".md");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the delivery in " + dir, e);
        }
    }
}
