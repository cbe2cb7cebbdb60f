package io.lifeboat.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import org.hibernate.HibernateException;
import org.hibernate.exception.JDBCConnectionException;

import jakarta.persistence.PersistenceException;

/** Tells a database that cannot be reached (down, cut off, its pool unable to connect) from a refusal it answered. */
public final class DatabaseFailures {
    private DatabaseFailures() {
    }

    /** Whether the failure came from the database layer at all (not a refusal of Lifeboat's own, such as a stale lease). */
    public static boolean fromTheDatabase(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof SQLException || cause instanceof HibernateException
                    || cause instanceof PersistenceException) {
                return true;
            }
        }
        return false;
    }

    /** Whether the failure, or one of its causes, says the database could not be reached at all. */
    public static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JDBCConnectionException || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && (sql.getSQLState() != null && sql.getSQLState().startsWith("08")
                    || String.valueOf(sql.getMessage()).contains("acquisition timeout"))) {
                return true; // SQL state class 08: connection exception; Agroal: no connection could be had in time
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
