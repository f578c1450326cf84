package dev.hinksbot.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestTrackerTest {
    @Test
    void theOverheadHeaderIsMillisecondsWithThreeDecimalsRoundedHalfUp() {
        assertThat(RequestTracker.millis(0)).isEqualTo("0.000");
        assertThat(RequestTracker.millis(7_000)).isEqualTo("0.007");
        assertThat(RequestTracker.millis(42_499)).isEqualTo("0.042");
        assertThat(RequestTracker.millis(142_500)).isEqualTo("0.143");
        assertThat(RequestTracker.millis(1_999_600)).isEqualTo("2.000");
        assertThat(RequestTracker.millis(12_345_678_900L)).isEqualTo("12345.679");
        // what String.format("%.3f") wrote before, for the values a client parses
        for (long nanos : new long[] {1, 499, 500, 99_999, 100_000, 3_190_000, 987_654_321}) {
            assertThat(RequestTracker.millis(nanos)).as("%d ns", nanos)
                    .isEqualTo(String.format(java.util.Locale.ROOT, "%.3f", nanos / 1_000_000.0));
        }
    }
}
