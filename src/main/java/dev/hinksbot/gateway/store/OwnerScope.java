package dev.hinksbot.gateway.store;

import dev.hinksbot.gateway.common.Json;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;

/**
 * Whose sessions a query may see: sessions whose {@code owner} is one of {@code owners}, and, with {@code unowned},
 * those without an owner (the web UI's, the API's and cron's, which are the admins'). {@link #ALL} sees everything.
 */
public record OwnerScope(Set<String> owners, boolean unowned, boolean all) {
    public static final OwnerScope ALL = new OwnerScope(Set.of(), true, true);

    public OwnerScope {
        owners = Set.copyOf(owners);
    }

    public static OwnerScope of(String owner) {
        return owner == null ? new OwnerScope(Set.of(), true, false) : new OwnerScope(Set.of(owner), false, false);
    }

    public boolean includes(String owner) {
        return all || (owner == null ? unowned : owners.contains(owner));
    }

    /** A condition on {@code column} taking three parameters, bound by {@link #bind}. */
    static String sql(String column) {
        return "(? = 1 OR " + column + " IN (SELECT value FROM json_each(?)) OR (? = 1 AND " + column + " IS NULL))";
    }

    /** Binds the three parameters of {@link #sql} from {@code index}; returns the next index. */
    int bind(PreparedStatement ps, int index) throws SQLException {
        ps.setInt(index, all ? 1 : 0);
        ps.setString(index + 1, Json.write(owners.stream().sorted().toList()));
        ps.setInt(index + 2, unowned ? 1 : 0);
        return index + 3;
    }
}
