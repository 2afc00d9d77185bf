package dev.baton.jdbc;

import dev.baton.core.LogIds;
import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.baton.core.LockedLoad;
import dev.baton.core.SaveResult;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStoreException;
import dev.baton.core.SessionStoreUnavailableException;
import dev.baton.core.StoreContext;
import dev.baton.core.StoredSession;
import dev.baton.core.internal.StoreUris;
import dev.baton.jdbc.internal.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * The SQL store, on a HikariCP pool: PostgreSQL, MariaDB/MySQL and H2.
 *
 * <p>Tables: {@code <tableName>} (id, created, last_access, max_inactive, expires_at, principal, version; times in
 * epoch milliseconds, indexes on expires_at and principal) and {@code <tableName>_attributes} (session_id, name,
 * bytes; one row per attribute, cascading from the session). DDL per dialect ships in this jar
 * ({@code dev/baton/jdbc/schema-*.sql}) and in {@code docs/jdbc-store.md}; it runs at start only with
 * {@code createSchema=true} (the default for H2 alone).
 *
 * <p>Statements: {@link #load} is one query (the session row joined with its attribute rows). A {@link #save} on
 * PostgreSQL is one statement (data-modifying CTEs): for a delta, the conditional update of the session row, the
 * deletes and the upserts of the changed attributes only; for a creation, the upsert of the session row, the delete
 * of any attribute rows a replaced row had, and the inserts of the attributes. On MariaDB and H2 a save is one
 * transaction (update or delete and insert, upsert batch, delete batch). A delta for a session that is gone or
 * expired writes nothing. {@link #changeId} is one update, the attributes following by {@code ON UPDATE CASCADE}.
 * {@link #reapExpired} claims a batch with {@code FOR UPDATE SKIP LOCKED} (PostgreSQL, MariaDB 10.6+, MySQL 8), or on
 * H2 by conditional deletes, so that concurrent reapers never receive the same session.
 *
 * <p>Each operation has one deadline, {@code storeTimeout} after it began: the wait for a connection and every
 * statement share it. A statement still running at the deadline is cancelled (the database rolls it back), and each
 * read from the database is bounded by the connection's network timeout, set to the time left plus 250 ms, in case
 * the database answers nothing at all; then the store throws {@link SessionStoreUnavailableException}. With a data
 * source of the caller's own, the wait for a connection is bounded by that pool's own setting.
 */
public final class JdbcSessionStore implements SessionStore {

    /** A session row's columns 1 to 8, with {@code s} the sessions table and {@code a} the attributes. */
    private static final String SESSION_COLUMNS = "s.created, s.last_access, s.max_inactive, s.expires_at, "
            + "s.principal, s.version, a.name, a.bytes";
    private static final int MAX_REAP_ATTEMPTS = 8;

    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final Dialect dialect;
    private final Clock clock;
    private final String table;
    private final String maskedUri;
    private final long timeoutMillis;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * A store on a data source the caller owns (and closes).
     *
     * @param context the configuration and clock; its {@code store} URL names the database dialect
     * @param dataSource connections to that database
     * @throws SessionStoreException when the tables are missing or the database can't be reached
     */
    public JdbcSessionStore(StoreContext context, DataSource dataSource) {
        this(context, dataSource, null);
    }

    private JdbcSessionStore(StoreContext context, DataSource dataSource, HikariDataSource ownedPool) {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.dialect = Dialect.of(context.uri());
        this.clock = context.clock();
        this.table = context.config().tableName();
        this.maskedUri = StoreUris.mask(context.uri());
        this.timeoutMillis = context.config().storeTimeout().toMillis();
        ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "baton-jdbc-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        deadlines.setRemoveOnCancelPolicy(true);
        this.timer = deadlines;
        boolean create = context.config().createSchema().orElse(dialect == Dialect.H2);
        try {
            if (create) {
                createSchema();
            }
            verifySchema();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Opens a store with a pool of its own, built from the URL and {@code poolSize}, {@code storeTimeout}.
     *
     * @param context the configuration and clock
     * @return the store, which closes its pool
     */
    static JdbcSessionStore open(StoreContext context) {
        String url = context.uri();
        Dialect dialect = Dialect.of(url);
        Duration timeout = context.config().storeTimeout();
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        driverFor(url).ifPresent(hikari::setDriverClassName);
        hikari.setPoolName("baton-sessions");
        hikari.setMaximumPoolSize(context.config().poolSize());
        hikari.setMinimumIdle(Math.min(2, context.config().poolSize()));
        // Waiting for a connection may include validating one: the two together stay within storeTimeout.
        long validation = Math.max(250, Math.min(timeout.toMillis() / 4, 5000));
        hikari.setValidationTimeout(validation);
        hikari.setConnectionTimeout(Math.max(250, timeout.toMillis() - validation));
        hikari.setInitializationFailTimeout(Math.max(1, timeout.toMillis()));
        hikari.setDataSourceProperties(dialect.timeoutProperties(timeout));
        long start = System.nanoTime();
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            String detail = String.valueOf(e.getMessage());
            if (detail.contains("driver")) {
                throw new IllegalArgumentException("store=" + StoreUris.mask(url) + ": no JDBC driver for this URL "
                        + "on the class path; add the database's driver (org.postgresql:postgresql, "
                        + "org.mariadb.jdbc:mariadb-java-client, com.mysql:mysql-connector-j or com.h2database:h2)", e);
            }
            throw new SessionStoreUnavailableException("connect", StoreUris.mask(url),
                    (System.nanoTime() - start) / 1_000_000, null, "the database can't be reached: " + detail, e);
        }
        return new JdbcSessionStore(context, pool, pool);
    }

    /**
     * The driver for a URL among those this library's class loader sees, found without {@code DriverManager}, which
     * ignores drivers from class loaders other than the system one (a jar in Tomcat's {@code lib}, for instance).
     */
    private static Optional<String> driverFor(String url) {
        for (java.sql.Driver driver : java.util.ServiceLoader.load(java.sql.Driver.class,
                JdbcSessionStore.class.getClassLoader())) {
            try {
                if (driver.acceptsURL(url)) {
                    return Optional.of(driver.getClass().getName());
                }
            } catch (SQLException e) {
                // Not this one.
            }
        }
        return Optional.empty();
    }

    // ---- the SPI

    @Override
    public Optional<StoredSession> load(String id) {
        return run("load", id, call -> {
            StoredSession session = load(call, id);
            if (session == null || session.isExpiredAt(clock.instant())) {
                return Optional.<StoredSession>empty();
            }
            return Optional.of(session);
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>On PostgreSQL one statement: a conditional update of the lock columns in a CTE, read with the session and
     * its attributes (and, in the rare case that a save committed between the statement's snapshot and its row lock,
     * a second query for the fresh state). Elsewhere two: the conditional update, then the read.
     */
    @Override
    public LockedLoad loadLocked(String id, String owner, Instant now, Duration lease) {
        requireNonNull(owner, "owner");
        return run("loadLocked", id, call -> {
            String take = "UPDATE " + table + " SET fence = CASE WHEN lock_owner = ? THEN fence ELSE fence + 1 END, "
                    + "lock_owner = ?, lock_until = ? WHERE id = ? AND (expires_at IS NULL OR expires_at > ?) "
                    + "AND (lock_owner IS NULL OR lock_owner = ? OR lock_until <= ?)";
            String read = "SELECT " + SESSION_COLUMNS + ", s.fence, s.lock_until";
            if (dialect.singleStatementSave()) {
                try (PreparedStatement query = call.prepare("WITH l AS (" + take + " RETURNING fence, version) "
                        + read + ", l.fence, l.version" + withAttributes("LEFT JOIN l ON TRUE"))) {
                    bindTake(query, id, owner, now, lease);
                    query.setString(8, id);
                    LockRow row = new LockRow(true);
                    try (ResultSet rows = query.executeQuery()) {
                        StoredSession session = readSessions(rows, id, row).get(id);
                        if (row.taken != null && row.takenVersion != session.version()) {
                            // A save committed after this statement's snapshot: read what it wrote.
                            return lockedLoad(load(call, id), row.taken, row, now);
                        }
                        return lockedLoad(session, row.taken, row, now);
                    }
                }
            }
            int taken;
            try (PreparedStatement update = call.prepare(take)) {
                bindTake(update, id, owner, now, lease);
                taken = update.executeUpdate();
            }
            try (PreparedStatement query = call.prepare(read + withAttributes(""))) {
                query.setString(1, id);
                LockRow row = new LockRow(false);
                try (ResultSet rows = query.executeQuery()) {
                    StoredSession session = readSessions(rows, id, row).get(id);
                    return lockedLoad(session, taken == 1 ? row.fence : null, row, now);
                }
            }
        });
    }

    private static void bindTake(PreparedStatement statement, String id, String owner, Instant now, Duration lease)
            throws SQLException {
        statement.setString(1, owner);
        statement.setString(2, owner);
        statement.setLong(3, now.plus(lease).toEpochMilli());
        statement.setString(4, id);
        statement.setLong(5, now.toEpochMilli());
        statement.setString(6, owner);
        statement.setLong(7, now.toEpochMilli());
    }

    private static LockedLoad lockedLoad(StoredSession session, Long fence, LockRow row, Instant now) {
        if (session == null || session.isExpiredAt(now)) {
            return new LockedLoad.Absent();
        }
        if (fence == null) {
            // Held by another request; when its row lock made this statement wait, the snapshot shows no holder.
            return new LockedLoad.Busy(row.until == null ? now : Instant.ofEpochMilli(row.until));
        }
        return new LockedLoad.Acquired(session, fence);
    }

    /** {@code FROM} one session ({@code s}, the ID the only parameter) and its attributes ({@code a}). */
    private String withAttributes(String join) {
        return " FROM " + table + " s " + join + " LEFT JOIN " + table + "_attributes a ON a.session_id = s.id "
                + "WHERE s.id = ?";
    }

    /** The session row and its attributes, in one query; {@code null} when there is none (expired or not). */
    private StoredSession load(Call call, String id) throws SQLException {
        try (PreparedStatement query = call.prepare("SELECT " + SESSION_COLUMNS + withAttributes(""))) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return readSessions(rows, id).get(id);
            }
        }
    }

    @Override
    public boolean renewLock(String id, long fence, Instant now, Duration lease) {
        return run("renewLock", id, call -> {
            try (PreparedStatement update = call.prepare("UPDATE " + table + " SET lock_until = ? WHERE id = ? "
                    + "AND fence = ? AND lock_owner IS NOT NULL")) {
                update.setLong(1, now.plus(lease).toEpochMilli());
                update.setString(2, id);
                update.setLong(3, fence);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void unlock(String id, long fence) {
        run("unlock", id, call -> {
            try (PreparedStatement update = call.prepare("UPDATE " + table + " SET lock_owner = NULL, "
                    + "lock_until = NULL WHERE id = ? AND fence = ?")) {
                update.setString(1, id);
                update.setLong(2, fence);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public SaveResult save(SessionChange change) {
        boolean create = change.kind() == SessionChange.Kind.CREATE;
        if (dialect.singleStatementSave()) {
            return run("save", change.id(), call -> create ? createInOneStatement(call, change)
                    : updateInOneStatement(call, change));
        }
        return run("save", change.id(), call -> inTransaction(call, () -> {
            if (create) {
                try (PreparedStatement delete = call.prepare("DELETE FROM " + table + " WHERE id = ?")) {
                    delete.setString(1, change.id());
                    delete.executeUpdate();
                }
                try (PreparedStatement insert = call.prepare("INSERT INTO " + table + " (id, created, last_access, "
                        + "max_inactive, expires_at, principal, version) VALUES (?, ?, ?, ?, ?, ?, 1)")) {
                    insert.setString(1, change.id());
                    insert.setLong(2, change.created().toEpochMilli());
                    bindMetadata(insert, 3, change);
                    insert.executeUpdate();
                }
            } else {
                try (PreparedStatement update = call.prepare("UPDATE " + table + " SET last_access = ?, "
                        + "max_inactive = ?, expires_at = ?, principal = ?, version = version + 1, " + RELEASE
                        + " WHERE id = ? AND (expires_at IS NULL OR expires_at > ?) AND (? = 0 OR fence = ?)")) {
                    bindMetadata(update, 1, change);
                    bindRelease(update, 5, change);
                    update.setString(7, change.id());
                    update.setLong(8, change.at().toEpochMilli());
                    update.setLong(9, change.fence());
                    update.setLong(10, change.fence());
                    if (update.executeUpdate() == 0) {
                        return change.fence() > 0 && isLive(call, change) ? SaveResult.FENCED : SaveResult.GONE;
                    }
                }
            }
            writeAttributes(call, change);
            return SaveResult.SAVED;
        }));
    }

    @Override
    public boolean delete(String id) {
        return run("delete", id, call -> {
            try (PreparedStatement delete = call.prepare("DELETE FROM " + table + " WHERE id = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean changeId(String oldId, String newId) {
        return run("changeId", oldId, call -> {
            try (PreparedStatement update = call.prepare("UPDATE " + table + " SET id = ?, version = "
                    + "version + 1 WHERE id = ? AND (expires_at IS NULL OR expires_at > ?)")) {
                update.setString(1, newId);
                update.setString(2, oldId);
                update.setLong(3, clock.instant().toEpochMilli());
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<StoredSession> reapExpired(Instant now, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, not " + limit);
        }
        return run("reapExpired", null, call -> {
            if (!dialect.skipLocked()) {
                return reapByConditionalDelete(call, now, limit);
            }
            Connection connection = call.connection();
            int isolation = connection.getTransactionIsolation();
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            try {
                for (int attempt = 1;; attempt++) {
                    try {
                        return reapWithRowLocks(call, now, limit);
                    } catch (SQLException e) {
                        // A deadlock victim's transaction was rolled back whole: nothing was claimed, try again,
                        // after a random pause that grows, so that the nodes that met do not meet again at once.
                        boolean deadlock = "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
                        if (!deadlock || attempt == MAX_REAP_ATTEMPTS) {
                            throw e;
                        }
                        try {
                            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L << attempt));
                        } catch (InterruptedException interrupted) {
                            Thread.currentThread().interrupt();
                            throw e;
                        }
                    }
                }
            } finally {
                connection.setTransactionIsolation(isolation);
            }
        });
    }

    @Override
    public void ping() {
        run("ping", null, call -> {
            try (PreparedStatement query = call.prepare("SELECT 1")) {
                query.executeQuery().close();
                return null;
            }
        });
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            timer.shutdownNow();
            if (ownedPool != null) {
                ownedPool.close();
            }
        }
    }

    @Override
    public String toString() {
        return "JdbcSessionStore[" + maskedUri + ", table=" + table + "]";
    }

    // ---- saves

    /**
     * A creation on PostgreSQL, as one statement: the session row is inserted or, when a row with the same ID is there
     * (a replay), overwritten; attribute rows of that row that the new session lacks are deleted, the new ones
     * upserted.
     */
    private SaveResult createInOneStatement(Call call, SessionChange change) throws SQLException {
        try (AttributeArrays arrays = AttributeArrays.of(call.connection(), change);
                PreparedStatement statement = call.prepare("WITH s AS (INSERT INTO " + table + " (id, created, "
                        + "last_access, max_inactive, expires_at, principal, version) VALUES (?, ?, ?, ?, ?, ?, 1) "
                        + "ON CONFLICT (id) DO UPDATE SET created = EXCLUDED.created, "
                        + "last_access = EXCLUDED.last_access, max_inactive = EXCLUDED.max_inactive, "
                        + "expires_at = EXCLUDED.expires_at, principal = EXCLUDED.principal, version = 1, "
                        + "lock_owner = NULL, lock_until = NULL "
                        + "RETURNING id), "
                        + "d AS (DELETE FROM " + table + "_attributes WHERE session_id = ? AND NOT (name = ANY (?))), "
                        + upsertAttributesFromArrays() + " SELECT count(*) FROM s")) {
            statement.setString(1, change.id());
            statement.setLong(2, change.created().toEpochMilli());
            bindMetadata(statement, 3, change);
            statement.setString(7, change.id());
            statement.setArray(8, arrays.names());
            statement.setArray(9, arrays.names());
            statement.setArray(10, arrays.bytes());
            statement.executeQuery().close();
            return SaveResult.SAVED;
        }
    }

    /**
     * A delta on PostgreSQL, as one statement: the conditional update of the session row, then the deletes and the
     * upserts of the changed attributes only, which see the session row only when the update found it.
     */
    private SaveResult updateInOneStatement(Call call, SessionChange change) throws SQLException {
        try (AttributeArrays arrays = AttributeArrays.of(call.connection(), change);
                PreparedStatement statement = call.prepare("WITH s AS (UPDATE " + table + " SET last_access = ?, "
                        + "max_inactive = ?, expires_at = ?, principal = ?, version = version + 1, " + RELEASE
                        + " WHERE id = ? AND (expires_at IS NULL OR expires_at > ?) AND (? = 0 OR fence = ?) "
                        + "RETURNING id), "
                        + "d AS (DELETE FROM " + table + "_attributes WHERE session_id IN (SELECT id FROM s) "
                        + "AND name = ANY (?)), "
                        + upsertAttributesFromArrays() + " SELECT (SELECT count(*) FROM s), (SELECT count(*) FROM "
                        + table + " WHERE id = ? AND (expires_at IS NULL OR expires_at > ?))")) {
            bindMetadata(statement, 1, change);
            bindRelease(statement, 5, change);
            statement.setString(7, change.id());
            statement.setLong(8, change.at().toEpochMilli());
            statement.setLong(9, change.fence());
            statement.setLong(10, change.fence());
            statement.setArray(11, arrays.removed());
            statement.setArray(12, arrays.names());
            statement.setArray(13, arrays.bytes());
            statement.setString(14, change.id());
            statement.setLong(15, change.at().toEpochMilli());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                if (rows.getLong(1) == 1) {
                    return SaveResult.SAVED;
                }
                return change.fence() > 0 && rows.getLong(2) == 1 ? SaveResult.FENCED : SaveResult.GONE;
            }
        }
    }

    /** The CTE {@code u} that upserts the attributes of CTE {@code s}'s session from two arrays: names, bytes. */
    private String upsertAttributesFromArrays() {
        return "u AS (INSERT INTO " + table + "_attributes (session_id, name, bytes) SELECT s.id, x.name, x.bytes "
                + "FROM s CROSS JOIN unnest(?::text[], ?::bytea[]) AS x(name, bytes) "
                + "ON CONFLICT (session_id, name) DO UPDATE SET bytes = EXCLUDED.bytes)";
    }

    private void writeAttributes(Call call, SessionChange change) throws SQLException {
        if (!change.setAttributes().isEmpty()) {
            try (PreparedStatement upsert = call.prepare(dialect.upsertAttribute(table))) {
                for (Map.Entry<String, byte[]> attribute : change.setAttributes().entrySet()) {
                    upsert.setString(1, change.id());
                    dialect.bindName(upsert, 2, attribute.getKey());
                    upsert.setBytes(3, attribute.getValue());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
        }
        if (!change.removedAttributes().isEmpty()) {
            try (PreparedStatement delete = call.prepare("DELETE FROM " + table
                    + "_attributes WHERE session_id = ? AND name = ?")) {
                for (String name : change.removedAttributes()) {
                    delete.setString(1, change.id());
                    dialect.bindName(delete, 2, name);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
        }
    }

    /** A fenced save releases the session lock; an unfenced one leaves it: parameters fence, fence. */
    private static final String RELEASE = "lock_owner = CASE WHEN ? = 0 THEN lock_owner END, "
            + "lock_until = CASE WHEN ? = 0 THEN lock_until END";

    private static void bindRelease(PreparedStatement statement, int first, SessionChange change) throws SQLException {
        statement.setLong(first, change.fence());
        statement.setLong(first + 1, change.fence());
    }

    /** Whether the change's session is there and live at the change's time: tells "fenced" from "gone". */
    private boolean isLive(Call call, SessionChange change) throws SQLException {
        try (PreparedStatement query = call.prepare("SELECT 1 FROM " + table + " WHERE id = ? AND "
                + "(expires_at IS NULL OR expires_at > ?)")) {
            query.setString(1, change.id());
            query.setLong(2, change.at().toEpochMilli());
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Binds last_access, max_inactive, expires_at, principal from {@code first} on. */
    private static void bindMetadata(PreparedStatement statement, int first, SessionChange change)
            throws SQLException {
        statement.setLong(first, change.lastAccessed().toEpochMilli());
        statement.setLong(first + 1, change.maxInactive().toMillis());
        if (change.expiresAt() == null) {
            statement.setNull(first + 2, Types.BIGINT);
        } else {
            statement.setLong(first + 2, change.expiresAt().toEpochMilli());
        }
        statement.setString(first + 3, change.principal());
    }

    // ---- reaping

    private List<StoredSession> reapWithRowLocks(Call call, Instant now, int limit) throws SQLException {
        return inTransaction(call, () -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement claim = call.prepare("SELECT id FROM " + table + " WHERE expires_at <= ? "
                    + "ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED")) {
                claim.setLong(1, now.toEpochMilli());
                claim.setInt(2, limit);
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
            }
            if (ids.isEmpty()) {
                return List.of();
            }
            List<StoredSession> claimed = readAll(call, ids);
            try (PreparedStatement delete = call.prepare("DELETE FROM " + table + " WHERE id IN ("
                    + placeholders(ids.size()) + ")")) {
                for (int i = 0; i < ids.size(); i++) {
                    delete.setString(i + 1, ids.get(i));
                }
                delete.executeUpdate();
            }
            return claimed;
        });
    }

    private List<StoredSession> reapByConditionalDelete(Call call, Instant now, int limit)
            throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement candidates = call.prepare("SELECT id FROM " + table
                + " WHERE expires_at <= ? ORDER BY expires_at LIMIT ?")) {
            candidates.setLong(1, now.toEpochMilli());
            candidates.setInt(2, limit);
            try (ResultSet rows = candidates.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        List<StoredSession> read = readAll(call, ids);
        List<StoredSession> claimed = new ArrayList<>();
        try (PreparedStatement delete = call.prepare("DELETE FROM " + table
                + " WHERE id = ? AND expires_at <= ?")) {
            for (StoredSession session : read) {
                delete.setString(1, session.id());
                delete.setLong(2, now.toEpochMilli());
                if (delete.executeUpdate() == 1) {
                    claimed.add(session);
                }
            }
        }
        return claimed;
    }

    private List<StoredSession> readAll(Call call, List<String> ids) throws SQLException {
        try (PreparedStatement query = call.prepare("SELECT " + SESSION_COLUMNS + ", s.id FROM " + table
                + " s LEFT JOIN " + table + "_attributes a ON a.session_id = s.id WHERE s.id IN ("
                + placeholders(ids.size()) + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                query.setString(i + 1, ids.get(i));
            }
            try (ResultSet rows = query.executeQuery()) {
                return new ArrayList<>(readSessions(rows, null).values());
            }
        }
    }

    /** Rows of (created .. version, name, bytes[, id]) to sessions; {@code id} null means column 9 holds it. */
    private Map<String, StoredSession> readSessions(ResultSet rows, String id) throws SQLException {
        return readSessions(rows, id, null);
    }

    /** The lock columns read with one session's rows, from column 9 on: fence, lock_until[, taken fence, version]. */
    private static final class LockRow {
        private final boolean withTaken;
        private long fence;
        private Long until;
        private Long taken;
        private long takenVersion;

        LockRow(boolean withTaken) {
            this.withTaken = withTaken;
        }

        void read(ResultSet rows) throws SQLException {
            fence = rows.getLong(9);
            long lockUntil = rows.getLong(10);
            until = rows.wasNull() ? null : lockUntil;
            if (withTaken) {
                long takenFence = rows.getLong(11);
                taken = rows.wasNull() ? null : takenFence;
                takenVersion = rows.getLong(12);
            }
        }
    }

    private Map<String, StoredSession> readSessions(ResultSet rows, String id, LockRow lock) throws SQLException {
        Map<String, Object[]> metadata = new LinkedHashMap<>();
        Map<String, Map<String, byte[]>> attributes = new LinkedHashMap<>();
        while (rows.next()) {
            String sessionId = id != null ? id : rows.getString(9);
            if (!metadata.containsKey(sessionId)) {
                if (lock != null) {
                    lock.read(rows);
                }
                long expires = rows.getLong(4);
                boolean never = rows.wasNull();
                metadata.put(sessionId, new Object[] {rows.getLong(1), rows.getLong(2), rows.getLong(3),
                    never ? null : expires, rows.getString(5), rows.getLong(6)});
                attributes.put(sessionId, new LinkedHashMap<>());
            }
            String name = dialect.readName(rows, 7);
            if (name != null) {
                attributes.get(sessionId).put(name, rows.getBytes(8));
            }
        }
        Map<String, StoredSession> sessions = new LinkedHashMap<>();
        metadata.forEach((sessionId, m) -> sessions.put(sessionId, new StoredSession(sessionId,
                Instant.ofEpochMilli((Long) m[0]), Instant.ofEpochMilli((Long) m[1]), Duration.ofMillis((Long) m[2]),
                m[3] == null ? null : Instant.ofEpochMilli((Long) m[3]), (Long) m[5], (String) m[4],
                attributes.get(sessionId))));
        return sessions;
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    // ---- schema

    private void createSchema() {
        String ddl;
        try (InputStream in = JdbcSessionStore.class.getResourceAsStream(dialect.schemaResource())) {
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("the DDL " + dialect.schemaResource() + " is missing from the jar", e);
        }
        String bareName = table.contains(".") ? table.substring(table.lastIndexOf('.') + 1) : table;
        ddl = ddl.replace("${table}", table).replace("${name}", bareName);
        String schema = ddl;
        run("createSchema", null, call -> {
            for (String statement : schema.split(";")) {
                if (statement.isBlank()) {
                    continue;
                }
                try (PreparedStatement create = call.prepare(statement.strip())) {
                    create.execute();
                } catch (SQLException e) {
                    // Another node may be creating the same tables at this moment; verifySchema decides.
                    if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    private void verifySchema() {
        for (String name : List.of(table, table + "_attributes")) {
            try {
                run("verifySchema", null, call -> {
                    try (PreparedStatement query = call.prepare("SELECT 1 FROM " + name + " WHERE 1 = 0")) {
                        query.executeQuery().close();
                        return null;
                    }
                });
            } catch (SessionStoreUnavailableException e) {
                throw e;
            } catch (SessionStoreException e) {
                throw new IllegalStateException("Table " + name + " is missing or unreadable in " + maskedUri
                        + ": run the DDL in the baton-jdbc-store jar, " + dialect.schemaResource().substring(1)
                        + " (also in docs/jdbc-store.md), with ${table} replaced by " + table
                        + ", or set createSchema=true. The database said: " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    // ---- plumbing

    private interface Work<T> {
        T run(Call call) throws SQLException;
    }

    private interface TransactionWork<T> {
        T run() throws SQLException;
    }

    /** Runs one operation on a pooled connection, all of it (the wait for the connection too) within storeTimeout. */
    private <T> T run(String operation, String id, Work<T> work) {
        long start = System.nanoTime();
        try (Connection connection = dataSource.getConnection();
                Call call = new Call(connection, start, timeoutMillis, dialect.networkTimeout(), timer)) {
            return work.run(call);
        } catch (SQLException e) {
            throw failure(operation, start, id, e);
        }
    }

    private static <T> T inTransaction(Call call, TransactionWork<T> work) throws SQLException {
        Connection connection = call.connection();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            call.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                call.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Whether the connection broke under the statement: an I/O failure below, or a connection found closed. */
    private static boolean lostConnection(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && (message.contains("Connection is closed")
                    || message.contains("connection has been closed"))) {
                return true;
            }
        }
        return false;
    }

    private SessionStoreException failure(String operation, long startNanos, String id, SQLException e) {
        long elapsed = (System.nanoTime() - startNanos) / 1_000_000;
        String hash = id == null ? null : LogIds.hash(id);
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (e instanceof SQLTransientConnectionException || e instanceof SQLTimeoutException
                || state.startsWith("08") || state.equals("57014") || state.equals("57P01")
                || state.equals("57P02") || state.equals("57P03") || state.equals("HYT00")
                || state.equals("70100") || lostConnection(e)) {
            return new SessionStoreUnavailableException(operation, maskedUri, elapsed, hash,
                    "the database is unreachable or slower than storeTimeout=" + timeoutMillis + "ms: "
                            + e.getMessage(), e);
        }
        return new SessionStoreException(operation, maskedUri, elapsed, hash,
                "SQL error " + state + ": " + e.getMessage(), e);
    }
}
