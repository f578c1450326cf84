package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.store.PairingRepository;
import dev.hinksbot.gateway.store.PairingRepository.PendingCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * DM pairing: an unknown user who writes to the bot gets a one-time code; the owner approves it from the CLI
 * ({@code pairing approve <platform> <CODE>}). Codes are 8 characters of an alphabet without look-alikes, from a
 * cryptographic random source, valid for 1 hour, at most one new code per user per 10 minutes and 3 pending per
 * platform; only a salted SHA-256 of a code is stored. Five wrong codes within an hour lock approvals for that
 * platform for an hour.
 */
public final class PairingService {
    public static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    public static final int CODE_LENGTH = 8;
    public static final Duration CODE_TTL = Duration.ofHours(1);
    public static final Duration CODE_INTERVAL = Duration.ofMinutes(10);
    public static final int MAX_PENDING_PER_PLATFORM = 3;
    public static final int MAX_FAILURES = 5;
    public static final Duration LOCK_WINDOW = Duration.ofHours(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a stranger is told: a new code, or why there is none right now. */
    public record Issued(String code, String message) {
        public boolean isNew() {
            return code != null;
        }
    }

    public enum ApprovalOutcome { APPROVED, UNKNOWN_CODE, LOCKED }

    public record Approval(ApprovalOutcome outcome, String platform, String userId, String userName, String chatId) {
    }

    private final PairingRepository repo;

    public PairingService(PairingRepository repo) {
        this.repo = repo;
    }

    public synchronized Issued issue(String platform, String userId, String userName, String chatId) {
        Instant now = repo.now();
        List<PendingCode> pending = repo.pending(platform);
        boolean recent = pending.stream().anyMatch(c -> c.userId().equals(userId)
                && c.createdAt().plus(CODE_INTERVAL).isAfter(now));
        if (recent) {
            return new Issued(null, "A pairing code was already sent to you in the last 10 minutes. "
                    + "Ask the owner to approve it, or try again later.");
        }
        long others = pending.stream().filter(c -> !c.userId().equals(userId)).count();
        if (others >= MAX_PENDING_PER_PLATFORM) {
            return new Issued(null, "Too many pairing requests are waiting for approval. Try again later.");
        }
        String code = newCode();
        String salt = HexFormat.of().formatHex(randomBytes(16));
        repo.addCode(platform, userId, userName, chatId, salt, hash(salt, code), now.plus(CODE_TTL));
        return new Issued(code, "Hi! I don't know you yet. Pairing code: " + code + "\n"
                + "Ask the owner to run: hinksbot-gateway pairing approve " + platform + " " + code
                + "\nThe code expires in 1 hour.");
    }

    /** Approves the user holding {@code code} on {@code platform}. Wrong codes count towards the lock. */
    public synchronized Approval approve(String platform, String code) {
        if (locked(platform)) {
            return new Approval(ApprovalOutcome.LOCKED, platform, null, null, null);
        }
        String normalized = code == null ? "" : code.trim().toUpperCase(Locale.ROOT);
        for (PendingCode pending : repo.pending(platform)) {
            byte[] expected = pending.codeHash().getBytes(StandardCharsets.US_ASCII);
            byte[] actual = hash(pending.salt(), normalized).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, actual)) {
                repo.approve(pending);
                return new Approval(ApprovalOutcome.APPROVED, platform, pending.userId(), pending.userName(), pending.chatId());
            }
        }
        repo.recordFailure(platform);
        return new Approval(ApprovalOutcome.UNKNOWN_CODE, platform, null, null, null);
    }

    public boolean locked(String platform) {
        return repo.failuresSince(platform, repo.now().minus(LOCK_WINDOW)).size() >= MAX_FAILURES;
    }

    public boolean revoke(String platform, String userId) {
        return repo.revoke(platform, userId);
    }

    public List<PairingRepository.PairedUser> paired() {
        return repo.paired();
    }

    public List<PendingCode> pending() {
        return repo.pending(null);
    }

    static String newCode() {
        char[] out = new char[CODE_LENGTH];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(out);
    }

    static String hash(String salt, String code) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return HexFormat.of().formatHex(sha.digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
