package io.omnihub.app.alerts;

import java.time.Instant;

/**
 * One business alert: a rule that holds for one connector or destination.
 *
 * @param rule     {@link AlertRule} name, e.g. {@code ORDERS_QUIET}
 * @param subject  {@code connector:<id>} or {@code destination:<id>}
 * @param severity {@code warning} or {@code critical}
 * @param message  what holds, for people (no secrets, no personal data)
 * @param since    when it was first seen
 * @param resolvedAt when it stopped holding (null while active)
 */
public record Alert(String rule, String subject, String severity, String message, Instant since, Instant resolvedAt) {

    String key() {
        return rule + "|" + subject;
    }

    Alert resolved(Instant at) {
        return new Alert(rule, subject, severity, message, since, at);
    }

    Alert refreshed(String newMessage, String newSeverity) {
        return new Alert(rule, subject, newSeverity, newMessage, since, null);
    }
}
