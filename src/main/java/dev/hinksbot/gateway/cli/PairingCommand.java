package dev.hinksbot.gateway.cli;

import dev.hinksbot.gateway.channels.PairingService;
import dev.hinksbot.gateway.store.Database;
import dev.hinksbot.gateway.store.PairingRepository;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code pairing approve|list|revoke|unlock}: DM pairing against the gateway's database (a running gateway sees it at once). */
@Command(name = "pairing", description = "Approve, list and revoke users paired through pairing codes; unlock locked-out users.",
        subcommands = {PairingCommand.Approve.class, PairingCommand.ListCmd.class, PairingCommand.Revoke.class,
                PairingCommand.Unlock.class})
final class PairingCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("usage: pairing approve <platform> <CODE> | pairing list | pairing revoke <platform> <user-id>"
                + " | pairing unlock <platform>");
        return 2;
    }

    @Command(name = "approve", description = "Approve the user who was given CODE on PLATFORM.")
    static final class Approve implements Callable<Integer> {
        @Mixin
        StoreOptions store;
        @Parameters(index = "0", paramLabel = "PLATFORM")
        String platform;
        @Parameters(index = "1", paramLabel = "CODE")
        String code;

        @Override
        public Integer call() {
            try (Database db = store.open()) {
                PairingService.Approval a = new PairingService(new PairingRepository(db)).approve(platform, code);
                switch (a.outcome()) {
                    case APPROVED -> {
                        System.out.println("approved " + platform + " user " + a.userId()
                                + (a.userName() == null || a.userName().isBlank() ? "" : " (" + a.userName() + ")"));
                        return 0;
                    }
                    default -> {
                        System.err.println("no pending code " + code + " on " + platform + " (wrong, expired or already used)");
                        return 1;
                    }
                }
            }
        }
    }

    @Command(name = "list", description = "List pending codes (without the codes) and approved users.")
    static final class ListCmd implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            try (Database db = store.open()) {
                PairingService pairing = new PairingService(new PairingRepository(db));
                System.out.println("pending:");
                pairing.pending().forEach(p -> System.out.println("  " + p.platform() + "  user " + p.userId()
                        + (p.userName() == null ? "" : " (" + p.userName() + ")") + "  expires " + p.expiresAt()));
                pairing.invites().forEach(i -> System.out.println("  " + i.platform() + "  /pair code by " + i.createdBy()
                        + "  expires " + i.expiresAt()));
                System.out.println("approved:");
                pairing.paired().forEach(u -> System.out.println("  " + u.platform() + "  user " + u.userId()
                        + (u.userName() == null ? "" : " (" + u.userName() + ")") + "  since " + u.approvedAt()));
                return 0;
            }
        }
    }

    @Command(name = "revoke", description = "Remove a paired user's access.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        StoreOptions store;
        @Parameters(index = "0", paramLabel = "PLATFORM")
        String platform;
        @Parameters(index = "1", paramLabel = "USER_ID")
        String userId;

        @Override
        public Integer call() {
            try (Database db = store.open()) {
                if (new PairingService(new PairingRepository(db)).revoke(platform, userId)) {
                    System.out.println("revoked " + platform + " user " + userId);
                    return 0;
                }
                System.err.println(platform + " user " + userId + " is not paired");
                return 1;
            }
        }
    }

    @Command(name = "unlock", description = "Lift the lockout of users on PLATFORM who sent too many wrong pairing codes.")
    static final class Unlock implements Callable<Integer> {
        @Mixin
        StoreOptions store;
        @Parameters(index = "0", paramLabel = "PLATFORM")
        String platform;

        @Override
        public Integer call() {
            try (Database db = store.open()) {
                int forgotten = new PairingService(new PairingRepository(db)).unlock(platform);
                System.out.println("unlocked " + platform + " (" + forgotten + " wrong code(s) forgotten)");
                return 0;
            }
        }
    }
}
