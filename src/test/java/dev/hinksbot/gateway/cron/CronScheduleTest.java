package dev.hinksbot.gateway.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Schedule parsing and next-run computation, across DST changes in Europe/Berlin and America/New_York. */
class CronScheduleTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");

    static List<Instant> next(String schedule, ZoneId zone, String after, int n) {
        Schedule s = ScheduleParser.parse(schedule, zone, NOW);
        List<Instant> out = new ArrayList<>();
        Instant t = Instant.parse(after);
        for (int i = 0; i < n; i++) {
            t = s.nextAfter(t, NOW, zone).orElseThrow();
            out.add(t);
        }
        return out;
    }

    @Test
    void fiveFieldCronBecomesQuartzWithDayOfWeekShifted() {
        assertThat(ScheduleParser.cron("0 9 * * 1-5").quartz()).isEqualTo("0 0 9 ? * 2-6");
        assertThat(ScheduleParser.cron("*/15 * * * *").quartz()).isEqualTo("0 */15 * * * ?");
        assertThat(ScheduleParser.cron("0 9 1 * *").quartz()).isEqualTo("0 0 9 1 * ?");
        assertThat(ScheduleParser.cron("0 9 * * 0").quartz()).isEqualTo("0 0 9 ? * 1");
        assertThat(ScheduleParser.cron("0 9 * * 7").quartz()).isEqualTo("0 0 9 ? * 1");
        assertThat(ScheduleParser.cron("0 9 * * 5-7").quartz()).isEqualTo("0 0 9 ? * 6-7,1");
        assertThat(ScheduleParser.cron("0 9 * * mon-fri").quartz()).isEqualTo("0 0 9 ? * MON-FRI");
        assertThat(ScheduleParser.cron("0/2 * * * * ?").quartz()).isEqualTo("0/2 * * * * ?");
    }

    @Test
    void weekdaysAtNineSkipTheWeekendInTheJobsZone() {
        // Friday 2026-01-09 10:00 Berlin is past 9:00: next is Monday 12th at 9:00 CET (08:00Z), then Tuesday.
        assertThat(next("0 9 * * 1-5", BERLIN, "2026-01-09T09:00:00Z", 2))
                .containsExactly(Instant.parse("2026-01-12T08:00:00Z"), Instant.parse("2026-01-13T08:00:00Z"));
        assertThat(Instant.parse("2026-01-12T08:00:00Z").atZone(BERLIN).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        // The same expression in New York is 14:00Z (EST = UTC-5).
        assertThat(next("0 9 * * 1-5", NEW_YORK, "2026-01-09T15:00:00Z", 1)).containsExactly(Instant.parse("2026-01-12T14:00:00Z"));
    }

    @Test
    void springForwardBerlin_aDailyTimeKeepsItsWallClockAndATimeInTheGapRunsOnceAfterIt() {
        // 2026-03-29 02:00 CET → 03:00 CEST.
        assertThat(next("0 9 * * *", BERLIN, "2026-03-28T00:00:00Z", 2))
                .containsExactly(Instant.parse("2026-03-28T08:00:00Z"), Instant.parse("2026-03-29T07:00:00Z"));
        assertThat(next("30 2 * * *", BERLIN, "2026-03-28T12:00:00Z", 2))
                .containsExactly(Instant.parse("2026-03-29T01:30:00Z"), // 02:30 does not exist: 03:30 CEST
                        Instant.parse("2026-03-30T00:30:00Z"));
    }

    @Test
    void fallBackBerlin_aTimeInTheRepeatedHourRunsOnce() {
        // 2026-10-25 03:00 CEST → 02:00 CET: 02:30 happens twice (00:30Z and 01:30Z).
        assertThat(next("30 2 * * *", BERLIN, "2026-10-24T12:00:00Z", 2))
                .containsExactly(Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-26T01:30:00Z"));
        // Every 30 minutes by the wall clock: each wall-clock time once, so the repeated hour is not run twice.
        List<Instant> halfHours = next("*/30 * * * *", BERLIN, "2026-10-24T23:45:00Z", 5);
        assertThat(halfHours).containsExactly(Instant.parse("2026-10-25T00:00:00Z"), Instant.parse("2026-10-25T00:30:00Z"),
                Instant.parse("2026-10-25T02:00:00Z"), Instant.parse("2026-10-25T02:30:00Z"), Instant.parse("2026-10-25T03:00:00Z"));
    }

    @Test
    void newYorkSpringForwardAndFallBack() {
        // 2026-03-08 02:00 EST → 03:00 EDT; 2026-11-01 02:00 EDT → 01:00 EST.
        assertThat(next("30 2 * * *", NEW_YORK, "2026-03-07T12:00:00Z", 2))
                .containsExactly(Instant.parse("2026-03-08T07:30:00Z"), // 02:30 does not exist: 03:30 EDT
                        Instant.parse("2026-03-09T06:30:00Z"));
        assertThat(next("30 1 * * *", NEW_YORK, "2026-10-31T12:00:00Z", 2))
                .containsExactly(Instant.parse("2026-11-01T05:30:00Z"), Instant.parse("2026-11-02T06:30:00Z"));
        assertThat(next("0 9 * * *", NEW_YORK, "2026-10-31T12:00:00Z", 2))
                .containsExactly(Instant.parse("2026-10-31T13:00:00Z"), Instant.parse("2026-11-01T14:00:00Z"));
    }

    @Test
    void intervalsCountElapsedTimeAcrossDst() {
        Schedule every = ScheduleParser.parse("every 2h", BERLIN, NOW);
        assertThat(every).isInstanceOf(Schedule.Interval.class);
        Instant anchor = Instant.parse("2026-03-28T23:00:00Z");
        Instant a = every.nextAfter(anchor, anchor, BERLIN).orElseThrow();
        Instant b = every.nextAfter(a, anchor, BERLIN).orElseThrow();
        assertThat(Duration.between(anchor, a)).isEqualTo(Duration.ofHours(2));
        assertThat(Duration.between(a, b)).isEqualTo(Duration.ofHours(2));
        assertThat(ScheduleParser.parse("every 30m", BERLIN, NOW)).isEqualTo(new Schedule.Interval("every 30m", Duration.ofMinutes(30)));
        assertThat(ScheduleParser.parse("every 2 s", BERLIN, NOW)).isInstanceOf(Schedule.Interval.class);
    }

    @Test
    void delaysAndTimestampsRunOnce() {
        Schedule once = ScheduleParser.parse("30m", BERLIN, NOW);
        assertThat(once.nextAfter(NOW, NOW, BERLIN)).contains(NOW.plus(Duration.ofMinutes(30)));
        assertThat(once.nextAfter(NOW.plus(Duration.ofMinutes(30)), NOW, BERLIN)).isEmpty();
        assertThat(ScheduleParser.parse("1d", BERLIN, NOW).nextAfter(NOW, NOW, BERLIN)).contains(NOW.plus(Duration.ofDays(1)));
        // Without an offset an ISO time is the job zone's wall clock; with one it is exact.
        assertThat(ScheduleParser.parse("2026-07-01T09:00", BERLIN, NOW).nextAfter(NOW, NOW, BERLIN))
                .contains(Instant.parse("2026-07-01T07:00:00Z"));
        assertThat(ScheduleParser.parse("2026-07-01T09:00:00Z", BERLIN, NOW).nextAfter(NOW, NOW, BERLIN))
                .contains(Instant.parse("2026-07-01T09:00:00Z"));
    }

    @Test
    void invalidSchedulesSayWhatIsWrong() {
        assertThatThrownBy(() -> ScheduleParser.parse("", BERLIN, NOW)).hasMessageContaining("empty");
        assertThatThrownBy(() -> ScheduleParser.parse("banana", BERLIN, NOW)).hasMessageContaining("5 fields");
        assertThatThrownBy(() -> ScheduleParser.parse("61 * * * *", BERLIN, NOW)).hasMessageContaining("not a valid cron expression");
        assertThatThrownBy(() -> ScheduleParser.parse("0 9 1 * 1", BERLIN, NOW)).hasMessageContaining("both day-of-month and day-of-week");
        assertThatThrownBy(() -> ScheduleParser.parse("every 0m", BERLIN, NOW)).hasMessageContaining("greater than zero");
        assertThatThrownBy(() -> ScheduleParser.parse("every fortnight", BERLIN, NOW)).hasMessageContaining("after 'every'");
        assertThatThrownBy(() -> ScheduleParser.parse("2020-01-01T09:00", BERLIN, NOW)).hasMessageContaining("in the past");
        assertThatThrownBy(() -> ScheduleParser.parse("2026-13-01T09:00", BERLIN, NOW)).hasMessageContaining("not an ISO time");
        assertThatThrownBy(() -> ScheduleParser.parse("0 0 30 2 ?", BERLIN, NOW)).hasMessageContaining("never runs");
        assertThatThrownBy(() -> ScheduleParser.parse("0 9 * * 8", BERLIN, NOW)).hasMessageContaining("0 to 7");
    }
}
