package io.moeplatform.platform.infra;

/**
 * A dependency of the platform (PostgreSQL, the object store) could not be reached or rejected
 * us at start-up. The message is one line that names what failed and where; {@link
 * StartupFailureAnalyzer} prints it instead of a stack trace.
 */
public class StartupCheckException extends RuntimeException {

    private final String action;

    public StartupCheckException(String message, String action, Throwable cause) {
        super(message, cause);
        this.action = action;
    }

    /** What the operator can do about it. */
    public String action() {
        return action;
    }
}
