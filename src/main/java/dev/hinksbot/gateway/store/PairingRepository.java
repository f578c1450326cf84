package dev.hinksbot.gateway.store;

import dev.hinksbot.gateway.common.Ids;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Rows behind DM pairing: approved users, pending codes (salted hashes only) and failed approvals. */
public final class PairingRepository {
    public record PairedUser(String platform, String userId, String userName, Instant approvedAt) {
    }

    public record PendingCode(String id, String platform, String userId, String userName, String chatId, String salt,
                              String codeHash, Instant createdAt, Instant expiresAt) {
    }

    /** A code an admin asked for with /pair, which pairs whoever sends it first in a DM. */
    public record Invite(String id, String platform, String createdBy, String salt, String codeHash, Instant createdAt,
                         Instant expiresAt) {
    }

    private final Database db;
    private final Clock clock;

    public PairingRepository(Database db) {
        this(db, Clock.systemUTC());
    }

    public PairingRepository(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Instant now() {
        return Timestamps.now(clock);
    }

    public boolean isPaired(String platform, String userId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM paired_users WHERE platform = ? AND user_id = ?")) {
                ps.setString(1, platform);
                ps.setString(2, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    return Jdbc.count(rs) > 0;
                }
            }
        });
    }

    /** Approves the user and removes the approved code in one transaction. */
    public void approve(PendingCode code) {
        Instant now = Timestamps.now(clock);
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO paired_users (platform, user_id, user_name, approved_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (platform, user_id) DO UPDATE SET user_name = excluded.user_name,"
                    + " approved_at = excluded.approved_at")) {
                ps.setString(1, code.platform());
                ps.setString(2, code.userId());
                ps.setString(3, code.userName());
                ps.setString(4, Timestamps.format(now));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM pairing_codes WHERE platform = ? AND user_id = ?")) {
                ps.setString(1, code.platform());
                ps.setString(2, code.userId());
                ps.executeUpdate();
            }
            return null;
        });
    }

    public boolean revoke(String platform, String userId) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM paired_users WHERE platform = ? AND user_id = ?")) {
                ps.setString(1, platform);
                ps.setString(2, userId);
                return ps.executeUpdate() > 0;
            }
        });
    }

    public List<PairedUser> paired() {
        return db.read(c -> {
            List<PairedUser> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT platform, user_id, user_name, approved_at FROM paired_users ORDER BY platform, approved_at");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PairedUser(rs.getString(1), rs.getString(2), rs.getString(3), Timestamps.parse(rs.getString(4))));
                }
            }
            return out;
        });
    }

    /** Unexpired codes, oldest first; {@code platform} null for every platform. */
    public List<PendingCode> pending(String platform) {
        String now = Timestamps.format(Timestamps.now(clock));
        return db.read(c -> {
            List<PendingCode> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, platform, user_id, user_name, chat_id, salt, code_hash,"
                    + " created_at, expires_at FROM pairing_codes WHERE expires_at > ? AND (? IS NULL OR platform = ?)"
                    + " ORDER BY created_at")) {
                ps.setString(1, now);
                ps.setString(2, platform);
                ps.setString(3, platform);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new PendingCode(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), Timestamps.parse(rs.getString(8)),
                                Timestamps.parse(rs.getString(9))));
                    }
                }
            }
            return out;
        });
    }

    /** Stores a new code for the user, dropping expired codes first. */
    public void addCode(String platform, String userId, String userName, String chatId, String salt, String codeHash,
                        Instant expiresAt) {
        Instant now = Timestamps.now(clock);
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM pairing_codes WHERE expires_at <= ?")) {
                ps.setString(1, Timestamps.format(now));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO pairing_codes (id, platform, user_id, user_name,"
                    + " chat_id, salt, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, Ids.next("pair"));
                ps.setString(2, platform);
                ps.setString(3, userId);
                ps.setString(4, userName);
                ps.setString(5, chatId);
                ps.setString(6, salt);
                ps.setString(7, codeHash);
                ps.setString(8, Timestamps.format(now));
                ps.setString(9, Timestamps.format(Timestamps.normalize(expiresAt)));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Records a wrong code sent by {@code userId} on {@code platform} (the CLI and admins are not recorded). */
    public void recordFailure(String platform, String userId) {
        Instant now = Timestamps.now(clock);
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO pairing_failures (id, platform, user_id, failed_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, Ids.next("pfail"));
                ps.setString(2, platform);
                ps.setString(3, userId);
                ps.setString(4, Timestamps.format(now));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Forgets every wrong code sent on {@code platform}, which lifts its users' lockouts; returns how many. */
    public int clearFailures(String platform) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM pairing_failures WHERE platform = ?")) {
                ps.setString(1, platform);
                return ps.executeUpdate();
            }
        });
    }

    /** Unexpired /pair invites, oldest first; {@code platform} null for every platform. */
    public List<Invite> invites(String platform) {
        String now = Timestamps.format(Timestamps.now(clock));
        return db.read(c -> {
            List<Invite> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, platform, created_by, salt, code_hash, created_at,"
                    + " expires_at FROM pairing_invites WHERE expires_at > ? AND (? IS NULL OR platform = ?) ORDER BY created_at")) {
                ps.setString(1, now);
                ps.setString(2, platform);
                ps.setString(3, platform);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Invite(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), Timestamps.parse(rs.getString(6)), Timestamps.parse(rs.getString(7))));
                    }
                }
            }
            return out;
        });
    }

    /** Stores a new /pair invite, dropping expired ones first. */
    public void addInvite(String platform, String createdBy, String salt, String codeHash, Instant expiresAt) {
        Instant now = Timestamps.now(clock);
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM pairing_invites WHERE expires_at <= ?")) {
                ps.setString(1, Timestamps.format(now));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO pairing_invites (id, platform, created_by, salt,"
                    + " code_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, Ids.next("pinv"));
                ps.setString(2, platform);
                ps.setString(3, createdBy);
                ps.setString(4, salt);
                ps.setString(5, codeHash);
                ps.setString(6, Timestamps.format(now));
                ps.setString(7, Timestamps.format(Timestamps.normalize(expiresAt)));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Pairs {@code userId} with the invite in one transaction: the invite is used up (false if someone else used it
     * first), the user approved, and their own pending DM code dropped.
     */
    public boolean redeem(Invite invite, String userId, String userName) {
        Instant now = Timestamps.now(clock);
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM pairing_invites WHERE id = ?")) {
                ps.setString(1, invite.id());
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO paired_users (platform, user_id, user_name, approved_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (platform, user_id) DO UPDATE SET user_name = excluded.user_name,"
                    + " approved_at = excluded.approved_at")) {
                ps.setString(1, invite.platform());
                ps.setString(2, userId);
                ps.setString(3, userName);
                ps.setString(4, Timestamps.format(now));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM pairing_codes WHERE platform = ? AND user_id = ?")) {
                ps.setString(1, invite.platform());
                ps.setString(2, userId);
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** Wrong codes {@code userId} sent on the platform since {@code since}, newest first (their times). */
    public List<Instant> failuresSince(String platform, String userId, Instant since) {
        return db.read(c -> {
            List<Instant> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT failed_at FROM pairing_failures WHERE platform = ?"
                    + " AND user_id = ? AND failed_at > ? ORDER BY failed_at DESC")) {
                ps.setString(1, platform);
                ps.setString(2, userId);
                ps.setString(3, Timestamps.format(Timestamps.normalize(since)));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(Timestamps.parse(rs.getString(1)));
                    }
                }
            }
            return out;
        });
    }
}
