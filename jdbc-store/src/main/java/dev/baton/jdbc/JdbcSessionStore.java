/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.baton.core.InvalidationFeed;
import dev.baton.core.LockedLoad;
import dev.baton.core.OwnedThreads;
import dev.baton.core.SaveOutcome;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStoreException;
import dev.baton.core.SessionStoreUnavailableException;
import dev.baton.core.SessionTotals;
import dev.baton.core.StoreContext;
import dev.baton.core.StoredSession;
import dev.baton.jdbc.internal.Dialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import javax.sql.DataSource;

/**
 * The SQL store, on a HikariCP pool: PostgreSQL, MariaDB/MySQL and H2.
 *
 * <p>Tables: {@code <tableName>} (id, created, last_access, max_inactive, expires_at, principal, version; times in
 * epoch milliseconds, indexes on expires_at and principal) and {@code <tableName>_attributes} (session_id, name,
 * bytes; one row per attribute, cascading from the session), and {@code <tableName>_counters} (slot, created, expired:
 * the running totals of sessions created and expired, spread over 256 rows). DDL per dialect ships in this jar
 * ({@code dev/baton/jdbc/schema-*.sql}) and in {@code docs/jdbc-store.md}; it runs at start only with
 * {@code createSchema=true} (the default for H2 alone). Any attribute name and principal is stored, whatever its
 * length or characters: one that a column can't hold as it is (a NUL, or longer than the column) is written as a
 * key, a hash, and kept whole beside it (see {@code docs/jdbc-store.md}, "Attribute names and principals").
 *
 * <p>Statements: {@link #load} is one query (the session row joined with its attribute rows). A {@link #save} on
 * PostgreSQL is one statement (data-modifying CTEs): for a delta, the conditional update of the session row, the
 * deletes and the upserts of the changed attributes only; for a creation, the upsert of the session row, the delete
 * of any attribute rows a replaced row had, and the inserts of the attributes. On MariaDB and H2 a save is one
 * transaction (update or delete and insert, upsert batch, delete batch). A delta for a session that is gone or
 * expired writes nothing. {@link #changeId} is one update, the attributes following by {@code ON UPDATE CASCADE}
 * (on H2, one transaction: the old row locked, copied under the new ID, its attribute rows moved, the old row deleted).
 * {@link #reapExpired} claims a batch with {@code FOR UPDATE SKIP LOCKED} (PostgreSQL, MariaDB 10.6+, MySQL 8), or on
 * H2 by conditional deletes, so that concurrent reapers never receive the same session.
 *
 * <p>Each operation has one deadline, {@code storeTimeout} after it began: the wait for a connection and every
 * statement share it. A statement still running at the deadline is cancelled (the database rolls it back), and each
 * read from the database is bounded by the connection's network timeout, set to the time left plus 250 ms, in case
 * the database answers nothing at all (on H2 over TCP, whose client ignores that setting, by its
 * {@code NETWORK_TIMEOUT} of {@code storeTimeout} plus 250 ms, which the store's own pool sets); then the store throws
 * {@link SessionStoreUnavailableException}. With a data
 * source of the caller's own, the wait for a connection is bounded by that pool's own setting.
 */
public final class JdbcSessionStore implements SessionStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSessionStore.class);

    private final Dialect dialect;
    private final StoreContext context;
    private final Clock clock;
    private final String table;
    private final SessionSql sql;
    private final StoreCalls calls;
    private final Saves saves;
    private final Reaper reaper;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The schema step still to take: the database was down when the store opened; {@code null} once taken. */
    private volatile Runnable schemaPending;

    /**
     * A store on a data source the caller owns (and closes).
     *
     * @param context the configuration and clock; its {@code store} URL names the database dialect
     * @param dataSource connections to that database
     * @throws IllegalStateException when the tables are missing and {@code createSchema} is off, naming the DDL to run
     *     (when the database can't be reached at start, the store opens and the first call checks the tables)
     * @throws SessionStoreException when creating the tables fails
     */
    public JdbcSessionStore(StoreContext context, DataSource dataSource) {
        this(context, dataSource, null, new OwnedThreads());
    }

    private JdbcSessionStore(StoreContext context, DataSource dataSource, HikariDataSource ownedPool,
            OwnedThreads threads) {
        this.dialect = Dialect.of(context);
        this.context = context;
        this.clock = context.clock();
        this.table = context.config().tableName();
        this.sql = new SessionSql(dialect, table);
        this.calls = new StoreCalls(dataSource, ownedPool, dialect, context.maskedUri(),
                context.config().storeTimeout().toMillis(), threads);
        this.saves = Saves.of(sql, dialect);
        this.reaper = new Reaper(sql, dialect);
        Schema schema = new Schema(dialect, table, calls);
        boolean create = context.config().createSchema().orElse(dialect == Dialect.H2);
        Runnable schemaStep = () -> {
            if (create) {
                schema.create();
            }
            schema.verify();
        };
        try {
            schemaStep.run();
        } catch (SessionStoreUnavailableException e) {
            // A database that is down when the web app starts must not stop it: the first call takes the step.
            LOG.warn("The database can't be reached at start ({}); the store opens anyway, requests that need a "
                    + "session fail with 503 until it answers, and the tables are checked then", e.getMessage());
            schemaPending = schemaStep;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Runs a store call, first taking the schema step that a database down at start left for later. */
    private <T> T run(String operation, String id, Call.Work<T> work) {
        Runnable pending = schemaPending;
        if (pending != null) {
            synchronized (this) {
                if (schemaPending != null) {
                    schemaPending.run();
                    schemaPending = null;
                }
            }
        }
        return calls.run(operation, id, work);
    }

    /**
     * Opens a store with a pool of its own, built from the URL and {@code poolSize}, {@code storeTimeout}.
     *
     * @param context the configuration and clock
     * @return the store, which closes its pool
     */
    static JdbcSessionStore open(StoreContext context) {
        OwnedThreads threads = new OwnedThreads();
        HikariDataSource pool = JdbcPool.open(context, threads);
        return new JdbcSessionStore(context, pool, pool, threads);
    }

    @Override
    public Optional<StoredSession> load(String id) {
        return run("load", id, call -> {
            StoredSession session = load(call, id);
            return session == null || session.isExpiredAt(clock.instant()) ? Optional.empty() : Optional.of(session);
        });
    }

    /** The session row and its attributes, in one query; {@code null} when there is none (expired or not). */
    private StoredSession load(Call call, String id) throws SQLException {
        SessionRows.Row row = loadRow(call, id);
        return row == null ? null : row.session();
    }

    private SessionRows.Row loadRow(Call call, String id) throws SQLException {
        try (PreparedStatement query = call.prepare(sql.load)) {
            Params.of(query, dialect).text(id);
            try (ResultSet rows = query.executeQuery()) {
                return SessionRows.readOne(rows, dialect, false);
            }
        }
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
            if (dialect.singleStatementSave()) {
                try (PreparedStatement query = call.prepare(sql.takeLockAndLoad)) {
                    bindTakeLock(query, id, owner, now, lease).text(id);
                    try (ResultSet rows = query.executeQuery()) {
                        SessionRows.Row row = SessionRows.readOne(rows, dialect, true);
                        if (row == null) {
                            return new LockedLoad.Absent();
                        }
                        Long taken = row.lock().taken();
                        if (taken != null && row.lock().takenVersion() != row.session().version()) {
                            // A save committed after this statement's snapshot: read what it wrote.
                            return lockedLoad(load(call, id), taken, row.lock(), now);
                        }
                        return lockedLoad(row.session(), taken, row.lock(), now);
                    }
                }
            }
            int taken;
            try (PreparedStatement update = call.prepare(sql.takeLock)) {
                bindTakeLock(update, id, owner, now, lease);
                taken = update.executeUpdate();
            }
            SessionRows.Row row = loadRow(call, id);
            return row == null ? new LockedLoad.Absent()
                    : lockedLoad(row.session(), taken == 1 ? row.lock().fence() : null, row.lock(), now);
        });
    }

    private Params bindTakeLock(PreparedStatement statement, String id, String owner, Instant now, Duration lease)
            throws SQLException {
        return Params.of(statement, dialect).text(owner).text(owner).time(now.plus(lease)).text(id).time(now)
                .text(owner).time(now);
    }

    private static LockedLoad lockedLoad(StoredSession session, Long fence, SessionRows.Lock lock, Instant now) {
        if (session == null || session.isExpiredAt(now)) {
            return new LockedLoad.Absent();
        }
        if (fence == null) {
            // Held by another request; when its row lock made this statement wait, the snapshot shows no holder.
            return new LockedLoad.Busy(lock.until() == null ? now : Instant.ofEpochMilli(lock.until()));
        }
        return new LockedLoad.Acquired(session, fence);
    }

    @Override
    public boolean renewLock(String id, long fence, Instant now, Duration lease) {
        return run("renewLock", id, call -> {
            try (PreparedStatement update = call.prepare(sql.renewLock)) {
                Params.of(update, dialect).time(now.plus(lease)).text(id).number(fence);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void unlock(String id, long fence) {
        run("unlock", id, call -> {
            try (PreparedStatement update = call.prepare(sql.unlock)) {
                Params.of(update, dialect).text(id).number(fence);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public SaveOutcome apply(SessionChange change) {
        return run("save", change.id(), call -> saves.save(call, change));
    }

    @Override
    public boolean delete(String id) {
        return run("delete", id, call -> {
            try (PreparedStatement delete = call.prepare(sql.deleteSession)) {
                Params.of(delete, dialect).text(id);
                return SessionSql.executeChange(delete, dialect) > 0;
            }
        });
    }

    @Override
    public boolean changeId(String oldId, String newId) {
        return run("changeId", oldId, call -> {
            if (!dialect.cascadesIdChange()) {
                return call.inTransaction(transaction -> changeIdByCopy(transaction, oldId, newId));
            }
            try (PreparedStatement update = call.prepare(sql.changeId)) {
                Params params = Params.of(update, dialect).text(newId).text(oldId).time(clock.instant());
                if (dialect.announcesChanges()) {
                    params.text(oldId);
                }
                return SessionSql.executeChange(update, dialect) == 1;
            }
        });
    }

    /**
     * An ID change without a cascade, in the caller's transaction: the row lock of the old session first, so that a
     * concurrent save of the old ID waits, then finds it gone; then the copy, the move of the attribute rows, and the
     * delete of the old row.
     */
    private boolean changeIdByCopy(Call call, String oldId, String newId) throws SQLException {
        try (PreparedStatement lock = call.prepare(sql.lockForIdChange)) {
            Params.of(lock, dialect).text(oldId).time(clock.instant());
            if (lock.executeUpdate() == 0) {
                return false;
            }
        }
        for (String step : List.of(sql.copySession, sql.moveAttributes)) {
            try (PreparedStatement statement = call.prepare(step)) {
                Params.of(statement, dialect).text(newId).text(oldId);
                statement.executeUpdate();
            }
        }
        try (PreparedStatement delete = call.prepare(sql.deleteSession)) {
            Params.of(delete, dialect).text(oldId);
            SessionSql.executeChange(delete, dialect);
        }
        return true;
    }

    @Override
    public List<StoredSession> reapExpired(Instant now, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, not " + limit);
        }
        return run("reapExpired", null, call -> reaper.reap(call, now, limit));
    }

    @Override
    public java.util.OptionalLong countSessions(Instant now) {
        return run("countSessions", null, call -> {
            try (PreparedStatement query = call.prepare(sql.countAllLive)) {
                Params.of(query, dialect).time(now);
                try (java.sql.ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return java.util.OptionalLong.of(rows.getLong(1));
                }
            }
        });
    }

    /** The sum of {@code <tableName>_counters}' rows: one query. */
    @Override
    public Optional<SessionTotals> totals() {
        return run("totals", null, call -> Optional.of(new Totals(sql, dialect).read(call)));
    }

    /** The {@code principal} column is the index; a principal too long for it is found by its key. */
    @Override
    public List<String> findByPrincipal(String principal, Instant now) {
        return run("findByPrincipal", null, call -> {
            try (PreparedStatement query = call.prepare(sql.byPrincipal)) {
                Params.of(query, dialect).text(StoredNames.principalColumn(principal)).time(now);
                List<String> ids = new java.util.ArrayList<>();
                try (java.sql.ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    @Override
    public Optional<StoredSession> claimExpired(String id, Instant now) {
        return run("claimExpired", id, call -> reaper.claim(call, id, now));
    }

    /**
     * {@inheritDoc}
     *
     * <p>On PostgreSQL a {@code LISTEN} connection of its own, opened with the store URL (also when the store runs on
     * the caller's data source); none on MariaDB/MySQL and H2.
     */
    @Override
    public Optional<InvalidationFeed> openInvalidationFeed() {
        if (!dialect.announcesChanges()) {
            return Optional.empty();
        }
        HikariConfig pool = JdbcPool.config(context);
        return Optional.of(new PostgresInvalidationFeed(pool.getJdbcUrl(), pool.getDataSourceProperties(),
                SessionSql.channel(table), calls.maskedUri()));
    }

    @Override
    public void ping() {
        run("ping", null, call -> {
            try (PreparedStatement query = call.prepare(sql.ping)) {
                query.executeQuery().close();
                return null;
            }
        });
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            calls.close();
        }
    }

    @Override
    public String toString() {
        return "JdbcSessionStore[" + calls.maskedUri() + ", table=" + table + "]";
    }
}
