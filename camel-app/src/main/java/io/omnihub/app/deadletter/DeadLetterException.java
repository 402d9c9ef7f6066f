package io.omnihub.app.deadletter;

/** A dead-letter operation that cannot be done, with the HTTP status the API answers for it. */
public class DeadLetterException extends RuntimeException {

    private final int status;

    public DeadLetterException(int status, String message) {
        super(message);
        this.status = status;
    }

    public DeadLetterException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static DeadLetterException badRequest(String message) {
        return new DeadLetterException(400, message);
    }

    static DeadLetterException notFound(String message) {
        return new DeadLetterException(404, message);
    }
}
