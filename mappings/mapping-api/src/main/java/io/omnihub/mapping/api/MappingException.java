package io.omnihub.mapping.api;

/** A payload that cannot be mapped; the message names the field and what was wrong. */
public class MappingException extends RuntimeException {

    public MappingException(String message) {
        super(message);
    }

    public MappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
