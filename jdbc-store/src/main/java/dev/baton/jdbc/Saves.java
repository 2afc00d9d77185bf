package dev.baton.jdbc;

import dev.baton.core.SaveResult;
import dev.baton.core.SessionChange;
import dev.baton.jdbc.internal.Dialect;
import java.sql.SQLException;

/**
 * How a dialect writes a change: a creation (which replaces any stored row of the same ID: a replay) or a delta
 * (which writes nothing when the session is gone, or when the change's fence is no longer the session's).
 */
abstract class Saves {

    /** The statements. */
    protected final SessionSql sql;
    /** The database's dialect. */
    protected final Dialect dialect;

    Saves(SessionSql sql, Dialect dialect) {
        this.sql = sql;
        this.dialect = dialect;
    }

    /** The saves of a dialect: one statement each where the database can, else one transaction each. */
    static Saves of(SessionSql sql, Dialect dialect) {
        return dialect.singleStatementSave() ? new OneStatementSaves(sql, dialect)
                : new TransactionalSaves(sql, dialect);
    }

    /**
     * Writes a change.
     *
     * @param call the operation
     * @param change the change
     * @return saved, or why not
     * @throws SQLException from the driver or the deadline
     */
    final SaveResult save(Call call, SessionChange change) throws SQLException {
        AttributeWrites writes = AttributeWrites.of(change);
        return change.kind() == SessionChange.Kind.CREATE ? create(call, change, writes) : update(call, change, writes);
    }

    abstract SaveResult create(Call call, SessionChange change, AttributeWrites writes) throws SQLException;

    abstract SaveResult update(Call call, SessionChange change, AttributeWrites writes) throws SQLException;

    /** Binds {@link SessionSql#insertSession}'s parameters. */
    static Params bindInsert(Params params, SessionChange change) throws SQLException {
        return bindMetadata(params.text(change.id()).time(change.created()), change);
    }

    /** Binds {@link SessionSql#updateSession}'s parameters. */
    static Params bindUpdate(Params params, SessionChange change) throws SQLException {
        return bindMetadata(params, change).number(change.fence()).number(change.fence()).text(change.id())
                .time(change.at()).number(change.fence()).number(change.fence());
    }

    /** What an update that changed no row means: the lock was taken since (a live session, fenced) or it is gone. */
    static SaveResult notUpdated(SessionChange change, boolean live) {
        return change.fence() > 0 && live ? SaveResult.FENCED : SaveResult.GONE;
    }

    /** last_access, max_inactive, expires_at, principal. */
    private static Params bindMetadata(Params params, SessionChange change) throws SQLException {
        return params.time(change.lastAccessed()).millis(change.maxInactive()).timeOrNull(change.expiresAt())
                .text(StoredNames.principalColumn(change.principal()));
    }
}
