package dev.hinksbot.gateway.cron;

/**
 * The bean the Quartz route in routes/cron.yaml calls every tick. Quartz only keeps time (RAM job store, one
 * stateful trigger, so ticks never overlap); what is due, and whether it already ran, lives in the database.
 */
public final class CronTicker {
    private final CronRunner runner;

    public CronTicker(CronRunner runner) {
        this.runner = runner;
    }

    public void tick() {
        runner.tick();
    }
}
