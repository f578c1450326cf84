package dev.hinksbot.gateway.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of JDBC work run by {@link Database#read} or {@link Database#write} on a borrowed connection. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection c) throws SQLException;
}
