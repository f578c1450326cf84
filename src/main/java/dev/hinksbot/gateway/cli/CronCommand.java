package dev.hinksbot.gateway.cli;

import dev.hinksbot.gateway.config.ChannelsConfig;
import dev.hinksbot.gateway.config.ConfigLoader;
import dev.hinksbot.gateway.cron.CronRepository;
import dev.hinksbot.gateway.cron.CronRun;
import dev.hinksbot.gateway.cron.CronService;
import dev.hinksbot.gateway.cron.CronText;
import dev.hinksbot.gateway.cron.JobSpec;
import dev.hinksbot.gateway.cron.RunDeliveries;
import dev.hinksbot.gateway.delivery.DeliveryTarget;
import dev.hinksbot.gateway.delivery.DeliveryTargets;
import dev.hinksbot.gateway.store.Database;
import dev.hinksbot.gateway.store.OutboxRepository;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cron list|add|edit|pause|resume|run|rm|runs}: scheduled jobs in the gateway's database. A running gateway
 * sees changes on its next tick; {@code run} brings the job's next occurrence forward to now, so the running gateway
 * runs it (this command never runs the agent itself).
 */
@Command(name = "cron", description = "Manage scheduled jobs.",
        subcommands = {CronCommand.ListCmd.class, CronCommand.Add.class, CronCommand.Edit.class, CronCommand.Pause.class,
                CronCommand.Resume.class, CronCommand.Run.class, CronCommand.Remove.class, CronCommand.Runs.class})
final class CronCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("usage: cron list | add --schedule S --prompt P [--deliver D] | edit ID ... | pause ID | resume ID"
                + " | run ID | rm ID | runs ID");
        return 2;
    }

    /** The same validation as the gateway's (configured platforms, profiles are not checked here). */
    static CronService service(Database db) {
        Map<String, String> props = ConfigLoader.fromEnvironment().load(Map.of());
        ChannelsConfig channels = ChannelsConfig.from(props);
        DeliveryTargets check = new DeliveryTargets(ChannelsConfig.PLATFORMS.stream()
                .filter(p -> channels.platform(p).enabled()).collect(Collectors.toSet()),
                p -> Optional.of(new DeliveryTarget(p, "home", null)));
        return new CronService(new CronRepository(db), channels.timeZone(), check::resolve, name -> true, Clock.systemUTC());
    }

    /** Runs {@code work}, printing a refused input as one line (exit 1) instead of a stack trace. */
    static int guarded(Callable<Integer> work) throws Exception {
        try {
            return work.call();
        } catch (IllegalArgumentException | CronService.JobNotFoundException e) {
            System.err.println("cron: " + e.getMessage());
            return 1;
        }
    }

    @Command(name = "list", description = "List jobs with their next run.")
    static final class ListCmd implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            try (Database db = store.open()) {
                System.out.println(CronText.list(service(db).list()));
                return 0;
            }
        }
    }

    /** The job fields of {@code add} and {@code edit} (unset options keep the current value on edit). */
    static final class JobOptions {
        @Option(names = "--name")
        String name;
        @Option(names = "--prompt", description = "what to ask the agent at each run")
        String prompt;
        @Option(names = "--schedule", description = "'0 9 * * 1-5', 'every 30m', '2h' (once), '2026-05-01T09:00' (once)")
        String schedule;
        @Option(names = "--tz", description = "time zone, e.g. Europe/Berlin (default gateway.chat.time-zone)")
        String zone;
        @Option(names = "--deliver", description = "local, telegram, telegram:<chat>, slack:<channel>, mail:<address>, all, or a list")
        String deliver;
        @Option(names = "--tool-groups", split = ",", description = "tool groups for the runs (default: the gateway's)")
        List<String> toolGroups;
        @Option(names = "--model")
        String model;
        @Option(names = "--profile")
        String profile;
        @Option(names = "--repeat", description = "complete after this many runs")
        Integer repeat;

        JobSpec spec() {
            return new JobSpec(name, prompt, schedule, zone, deliver, toolGroups, model, profile, repeat, null);
        }
    }

    @Command(name = "add", description = "Add a job.")
    static final class Add implements Callable<Integer> {
        @Mixin
        StoreOptions store;
        @Mixin
        JobOptions job;

        @Override
        public Integer call() throws Exception {
            try (Database db = store.open()) {
                return guarded(() -> {
                    System.out.println("added " + CronText.line(service(db).create(job.spec(), "cli")));
                    return 0;
                });
            }
        }
    }

    /** A subcommand about one job (ID): opens the database and prints a refused input as one line. */
    abstract static class OnJob implements Callable<Integer> {
        @Mixin
        StoreOptions store;
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            try (Database db = store.open()) {
                return guarded(() -> on(service(db), db));
            }
        }

        abstract int on(CronService service, Database db);
    }

    @Command(name = "edit", description = "Change a job's fields (a new schedule restarts it from now).")
    static final class Edit extends OnJob {
        @Mixin
        JobOptions job;

        @Override
        int on(CronService service, Database db) {
            System.out.println("edited " + CronText.line(service.edit(id, job.spec())));
            return 0;
        }
    }

    @Command(name = "pause", description = "Pause a job.")
    static final class Pause extends OnJob {
        @Override
        int on(CronService service, Database db) {
            System.out.println("paused " + CronText.line(service.pause(id)));
            return 0;
        }
    }

    @Command(name = "resume", description = "Resume a job from now.")
    static final class Resume extends OnJob {
        @Override
        int on(CronService service, Database db) {
            System.out.println("resumed " + CronText.line(service.resume(id)));
            return 0;
        }
    }

    @Command(name = "run", description = "Make the job due now: the running gateway runs it on its next tick.")
    static final class Run extends OnJob {
        @Override
        int on(CronService service, Database db) {
            System.out.println("due now: " + service.makeDue(id).id() + " (a running gateway starts it within a tick)");
            return 0;
        }
    }

    @Command(name = "rm", description = "Remove a job and its run history.")
    static final class Remove extends OnJob {
        @Override
        int on(CronService service, Database db) {
            if (service.remove(id)) {
                System.out.println("removed " + id);
                return 0;
            }
            System.err.println("cron: no job " + id);
            return 1;
        }
    }

    @Command(name = "runs", description = "A job's runs, newest first, with each delivery target's state.")
    static final class Runs extends OnJob {
        @Option(names = "--limit", defaultValue = "20")
        int limit;

        @Override
        int on(CronService service, Database db) {
            OutboxRepository outbox = new OutboxRepository(db);
            for (CronRun r : service.repository().runs(service.get(id).id(), limit)) {
                System.out.println(CronText.run(r));
                for (RunDeliveries.Target t : RunDeliveries.of(r, outbox::find)) {
                    System.out.println("    → " + t.target() + "  " + t.status() + "  attempts " + t.attempts()
                            + (t.lastError() == null ? "" : "  error: " + t.lastError()));
                }
            }
            return 0;
        }
    }
}
