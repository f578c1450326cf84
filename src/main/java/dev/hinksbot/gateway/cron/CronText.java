package dev.hinksbot.gateway.cron;

import java.util.List;

/** Jobs and runs as short plain text, for chat (/cron), the agent's tool and the command line. */
public final class CronText {
    private CronText() {
    }

    public static String list(List<CronJob> jobs) {
        if (jobs.isEmpty()) {
            return "No scheduled jobs.";
        }
        StringBuilder b = new StringBuilder();
        for (CronJob j : jobs) {
            b.append(line(j)).append('\n');
        }
        return b.toString().strip();
    }

    public static String line(CronJob j) {
        return j.id() + "  " + j.name() + "  [" + j.schedule() + " " + j.zone() + "]  → " + j.deliver() + "  " + j.state()
                + (j.nextRunAt() == null ? "" : "  next " + j.nextRunAt())
                + (j.lastStatus() == null ? "" : "  last " + j.lastStatus())
                + (j.createdBy() == null ? "" : "  by " + j.createdBy());
    }

    public static String run(CronRun r) {
        String out = r.output() == null ? "" : r.output().replaceAll("\\s+", " ");
        return r.id() + "  " + r.scheduledFor() + "  " + r.trigger() + "  " + r.status() + (r.silent() ? " (silent)" : "")
                + (r.error() == null ? "" : "  error: " + r.error())
                + (out.isEmpty() ? "" : "  " + (out.length() > 60 ? out.substring(0, 60) + "…" : out));
    }
}
