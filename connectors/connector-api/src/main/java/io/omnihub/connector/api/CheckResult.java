package io.omnihub.connector.api;

/** Result of {@link Connector#check()}: {@code up} plus a message safe to show operators (no secrets). */
public record CheckResult(boolean up, String message) {

    public static CheckResult up(String message) {
        return new CheckResult(true, message);
    }

    public static CheckResult down(String message) {
        return new CheckResult(false, message);
    }
}
