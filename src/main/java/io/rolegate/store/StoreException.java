package io.rolegate.store;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;

import java.sql.SQLException;

/** A database failure: our problem, never the caller's. */
public class StoreException extends RuntimeException {
    public StoreException(Throwable cause) {
        super(cause);
    }

    /**
     * What a failed statement becomes: ServiceUnavailable (503, retryable) when the database cannot be reached (SQL
     * state class 08, a server shutting down (57P01-57P03), the pool's acquisition timeout), else a StoreException.
     */
    static RuntimeException of(SQLException e) {
        return unreachable(e) ? new AwsException(ErrorCode.ServiceUnavailable,
                ErrorCode.ServiceUnavailable.defaultMessage(), e) : new StoreException(e);
    }

    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                    return true;
                }
                if (s.getMessage() != null && s.getMessage().contains("acquisition timeout")) {
                    return true; // Agroal: no connection could be made within the acquisition timeout
                }
            }
        }
        return false;
    }
}
