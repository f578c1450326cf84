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
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Pairing, both ways. DM pairing: an unknown user who writes to the bot gets a one-time code, which the owner approves
 * from the CLI ({@code pairing approve <platform> <CODE>}) or an admin in chat ({@code /pairing approve <CODE>}).
 * {@code /pair}: an admin gets a one-time code and a new user who sends it in a DM is paired at once. Codes are 8
 * characters of an alphabet without look-alikes, from a cryptographic random source, valid for 1 hour, at most one new
 * code per requester per 10 minutes and 3 pending per platform; only a salted SHA-256 of a code is stored. Five wrong
 * codes within an hour lock out the user who sent them, for an hour (or until {@code pairing unlock}); the CLI and
 * admins who approve are trusted and never locked out.
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
    private static final Pattern CODE = Pattern.compile("[" + ALPHABET + "]{" + CODE_LENGTH + "}");

    /** What a stranger is told: a new code, or why there is none right now. */
    public record Issued(String code, String message) {
        public boolean isNew() {
            return code != null;
        }
    }

    public enum ApprovalOutcome { APPROVED, UNKNOWN_CODE }

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
                + " (or an admin to send /pairing approve " + code + ")\nThe code expires in 1 hour.");
    }

    /** {@code /pair}: a code for a new user on {@code platform}, asked for by the admin {@code adminKey}. */
    public synchronized Issued invite(String platform, String adminKey) {
        Instant now = repo.now();
        List<PairingRepository.Invite> invites = repo.invites(platform);
        if (invites.stream().anyMatch(i -> i.createdBy().equals(adminKey) && i.createdAt().plus(CODE_INTERVAL).isAfter(now))) {
            return new Issued(null, "You asked for a pairing code in the last 10 minutes; share that one, or try again later.");
        }
        if (invites.size() >= MAX_PENDING_PER_PLATFORM) {
            return new Issued(null, MAX_PENDING_PER_PLATFORM + " pairing codes are already waiting to be used. Try again later.");
        }
        String code = newCode();
        String salt = HexFormat.of().formatHex(randomBytes(16));
        repo.addInvite(platform, adminKey, salt, hash(salt, code), now.plus(CODE_TTL));
        return new Issued(code, "Pairing code: " + code + "\nShare it with the new user: they send it to me in a direct "
                + "message and are paired at once. It works once and expires in 1 hour.");
    }

    /**
     * What an unknown user's DM does for them: a message that looks like a code is checked against the /pair codes of
     * its platform (a match pairs them at once; a wrong one counts towards their lockout), and a locked-out user is only
     * told so. Empty: neither, so the caller offers DM pairing.
     */
    public synchronized Optional<String> redeem(String platform, String userId, String userName, String text) {
        if (locked(platform, userId)) {
            return Optional.of("Too many wrong pairing codes: try again in an hour.");
        }
        String candidate = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        if (!CODE.matcher(candidate).matches()) {
            return Optional.empty();
        }
        for (PairingRepository.Invite invite : repo.invites(platform)) {
            if (matches(invite.salt(), invite.codeHash(), candidate) && repo.redeem(invite, userId, userName)) {
                return Optional.of("✅ Paired! You can chat with me now.");
            }
        }
        repo.recordFailure(platform, userId);
        return Optional.of("That pairing code is not valid (wrong, expired or already used).");
    }

    /** Approves the user holding {@code code} on {@code platform} (the CLI, an admin): never locked out. */
    public synchronized Approval approve(String platform, String code) {
        String normalized = code == null ? "" : code.trim().toUpperCase(Locale.ROOT);
        for (PendingCode pending : repo.pending(platform)) {
            if (matches(pending.salt(), pending.codeHash(), normalized)) {
                repo.approve(pending);
                return new Approval(ApprovalOutcome.APPROVED, pending.platform(), pending.userId(), pending.userName(),
                        pending.chatId());
            }
        }
        return new Approval(ApprovalOutcome.UNKNOWN_CODE, platform, null, null, null);
    }

    /** Whether {@code userId} sent too many wrong codes on the platform lately. */
    public boolean locked(String platform, String userId) {
        return repo.failuresSince(platform, userId, repo.now().minus(LOCK_WINDOW)).size() >= MAX_FAILURES;
    }

    /** {@code pairing unlock}: lifts the lockouts of the platform's users; returns how many wrong codes were forgotten. */
    public int unlock(String platform) {
        return repo.clearFailures(platform);
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

    public List<PairingRepository.Invite> invites() {
        return repo.invites(null);
    }

    private static boolean matches(String salt, String codeHash, String code) {
        return MessageDigest.isEqual(codeHash.getBytes(StandardCharsets.US_ASCII),
                hash(salt, code).getBytes(StandardCharsets.US_ASCII));
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
