package dev.hinksbot.gateway.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Store work that belongs to another write and must commit or roll back with it: the inbound key of a platform
 * message written with the message itself, the waiting-message rows a run takes deleted with its stored prompt.
 * Handed to a repository method, it runs inside that method's transaction.
 */
@FunctionalInterface
public interface StoreStep {
    StoreStep NONE = c -> { };

    void run(Connection c) throws SQLException;

    default StoreStep and(StoreStep next) {
        if (next == null || next == NONE) {
            return this;
        }
        if (this == NONE) {
            return next;
        }
        return c -> {
            run(c);
            next.run(c);
        };
    }
}
