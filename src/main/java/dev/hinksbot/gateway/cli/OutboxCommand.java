package dev.hinksbot.gateway.cli;

import dev.hinksbot.gateway.store.Database;
import dev.hinksbot.gateway.store.OutboxRepository;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code outbox list|retry}: outgoing chat messages and their delivery state. */
@Command(name = "outbox", description = "Show outgoing chat messages and retry failed or unknown ones.",
        subcommands = {OutboxCommand.ListCmd.class, OutboxCommand.Retry.class})
final class OutboxCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("usage: outbox list [--status pending|sending|delivered|failed|unknown] | outbox retry <id>");
        return 2;
    }

    @Command(name = "list", description = "List outgoing messages, newest first.")
    static final class ListCmd implements Callable<Integer> {
        @Mixin
        StoreOptions store;
        @Option(names = "--status", description = "pending, sending, delivered, failed or unknown (cut off by a stop"
                + " or crash mid-send: the platform may or may not have it)")
        String status;
        @Option(names = "--limit", defaultValue = "50")
        int limit;

        @Override
        public Integer call() {
            if (status != null && !OutboxRepository.STATUSES.contains(status)) {
                System.err.println("--status must be pending, sending, delivered, failed or unknown");
                return 2;
            }
            try (Database db = store.open()) {
                for (OutboxRepository.Row r : new OutboxRepository(db).list(status, limit)) {
                    String text = r.text().replaceAll("\\s+", " ");
                    System.out.println(r.id() + "  " + r.status() + "  " + r.platform() + ":" + r.chatId()
                            + "  part " + r.part() + "/" + r.parts() + "  attempts " + r.attempts() + "  "
                            + (text.length() > 60 ? text.substring(0, 60) + "…" : text)
                            + (r.lastError() == null ? "" : "  error: " + r.lastError()));
                }
                return 0;
            }
        }
    }

    @Command(name = "retry", description = "Send a failed or unknown message again (a running gateway picks it up;"
            + " an unknown one may then arrive twice).")
    static final class Retry implements Callable<Integer> {
        @Mixin
        StoreOptions store;
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            try (Database db = store.open()) {
                if (new OutboxRepository(db).retry(id)) {
                    System.out.println("queued " + id + " for delivery");
                    return 0;
                }
                System.err.println(id + " is not a failed or unknown outbox message");
                return 1;
            }
        }
    }
}
