package dev.hinksbot.gateway.store;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The gateway's database for Camel routes: bound as {@code gatewayDb}, used as {@code jdbc:gatewayDb}. SQLite has one
 * writer, so every connection handed out is a lease on the store's own writer connection, held under the store's
 * write lock until it is closed: a route's statement waits behind the gateway's writes instead of racing them, a lock
 * another process holds is waited for up to {@code gateway.database.busy-timeout} and then fails as
 * {@link StoreBusyException} (nothing written), exactly like the store's own writes. A transaction
 * ({@code setAutoCommit(false)}, which camel-jdbc uses by default) begins IMMEDIATE at its first statement; one left
 * open at {@code close()} is rolled back. Keep route statements short: the gateway's own writes wait meanwhile.
 */
public final class GatewayDataSource implements DataSource {
    /** Calls that would change the shared writer connection for everyone after the lease. */
    private static final Set<String> REFUSED = Set.of("setReadOnly", "setTransactionIsolation", "setHoldability",
            "setTypeMap", "setNetworkTimeout", "abort", "setCatalog", "setSchema", "setClientInfo");
    private static final Set<String> STATEMENT_FACTORIES = Set.of("createStatement", "prepareStatement", "prepareCall");

    private final Database db;

    GatewayDataSource(Database db) {
        this.db = db;
    }

    @Override
    public Connection getConnection() {
        boolean joined = db.lockWriter();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Lease(db, joined));
    }

    @Override
    public Connection getConnection(String username, String password) {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // no driver log: the store logs through SLF4J
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the wait is gateway.database.busy-timeout
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("jdbc:gatewayDb does not expose its driver");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }

    /** One connection's worth of the writer. {@code joined}: the thread was already inside a store write. */
    private static final class Lease implements InvocationHandler {
        private final Database db;
        private final boolean joined;
        private boolean autoCommit = true;
        private boolean inTransaction;
        private boolean closed;

        Lease(Database db, boolean joined) {
            this.db = db;
            this.joined = joined;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "close" -> {
                    close();
                    return null;
                }
                case "isClosed" -> {
                    return closed;
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "toString" -> {
                    return "jdbc:gatewayDb lease" + (closed ? " (closed)" : "");
                }
                default -> {
                }
            }
            if (closed) {
                throw new SQLException("jdbc:gatewayDb connection is closed");
            }
            switch (name) {
                case "getAutoCommit" -> {
                    return joined ? Boolean.FALSE : autoCommit;
                }
                case "setAutoCommit" -> {
                    boolean on = (Boolean) args[0];
                    if (on && inTransaction) {
                        finish(true);
                    }
                    autoCommit = on;
                    return null;
                }
                case "commit" -> {
                    finish(true);
                    return null;
                }
                case "rollback" -> {
                    if (args == null || args.length == 0) {
                        finish(false);
                        return null;
                    }
                }
                case "isWrapperFor" -> {
                    return false;
                }
                case "unwrap" -> throw new SQLException("jdbc:gatewayDb does not expose its driver");
                case "isReadOnly" -> {
                    return false;
                }
                default -> {
                }
            }
            if (REFUSED.contains(name)) {
                throw new SQLFeatureNotSupportedException(name + " is not available on jdbc:gatewayDb (a shared connection)");
            }
            if (STATEMENT_FACTORIES.contains(name) && !autoCommit && !inTransaction && !joined) {
                db.begin(); // waits for another process's lock up to the busy timeout, or StoreBusyException
                inTransaction = true;
            }
            Object result = call(db.writer(), method, args);
            if (result instanceof Statement statement) {
                return statement(proxy, statement, method.getReturnType());
            }
            return result;
        }

        /** Ends the lease's transaction, if one is open; a joined lease leaves the outer transaction alone. */
        private void finish(boolean commit) {
            if (!inTransaction) {
                return;
            }
            inTransaction = false;
            if (commit) {
                db.commit();
            } else {
                db.rollback(new SQLException("rolled back by the route"));
            }
        }

        private void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                finish(false);
            } finally {
                db.unlockWriter();
            }
        }

        /** A statement whose failures map like the store's (busy → StoreBusyException) and that never leaks the writer. */
        private Object statement(Object lease, Statement statement, Class<?> type) {
            Class<?> iface = CallableStatement.class.isAssignableFrom(type) ? CallableStatement.class
                    : PreparedStatement.class.isAssignableFrom(type) ? PreparedStatement.class : Statement.class;
            return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {iface}, (p, m, a) -> {
                if (m.getName().equals("getConnection")) {
                    return lease;
                }
                if (m.getName().equals("unwrap") || m.getName().equals("isWrapperFor")) {
                    throw new SQLException("jdbc:gatewayDb does not expose its driver");
                }
                return call(statement, m, a);
            });
        }

        private Object call(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof SQLException sql) {
                    StoreException mapped = db.failure("Route statement on jdbc:gatewayDb", sql);
                    if (mapped instanceof StoreBusyException) {
                        throw mapped;
                    }
                }
                throw cause;
            }
        }
    }
}
