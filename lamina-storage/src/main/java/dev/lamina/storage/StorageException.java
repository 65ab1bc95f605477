package dev.lamina.storage;

import java.sql.SQLException;

/** The store failed a statement or a commit; the transaction it was part of was rolled back. */
public final class StorageException extends RuntimeException {

    public StorageException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    @Override
    public synchronized SQLException getCause() {
        return (SQLException) super.getCause();
    }
}
