package dev.hinksbot.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsRepositoryTest {
    @TempDir
    Path dir;

    @Test
    void storesReplacesRemovesAndClears() {
        Path file = dir.resolve("gateway.db");
        try (Database db = Database.open(file)) {
            SettingsRepository settings = new SettingsRepository(db);
            assertThat(settings.all()).isEmpty();

            settings.update(Map.of("max_turns", "5", "model", "\"a.gguf\""), List.of());
            settings.update(Map.of("max_turns", "7"), List.of("model", "never_set"));
            assertThat(settings.all()).containsExactly(Map.entry("max_turns", "7"));
        }
        try (Database db = Database.open(file)) {
            SettingsRepository settings = new SettingsRepository(db);
            assertThat(settings.all()).as("kept across restarts").containsExactly(Map.entry("max_turns", "7"));
            settings.clear();
            assertThat(settings.all()).isEmpty();
        }
    }
}
