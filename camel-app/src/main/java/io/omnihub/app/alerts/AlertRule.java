package io.omnihub.app.alerts;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** The business alert rules (docs/alerts.md) and the pure arithmetic behind the time-based ones. */
public enum AlertRule {
    /** A channel that sells has had no order for longer than usual, inside its usual hours. */
    ORDERS_QUIET,
    /** Stock pushes to a channel are failing (quantities on the channel are going stale). */
    STOCK_PUSH_FAILING,
    /** The platform refuses the connector's credentials, or they expire soon (spec.alerts.credentialsExpireAt). */
    CREDENTIALS,
    /** A connector's or destination's health is DOWN. */
    CONNECTOR_DOWN,
    DESTINATION_DOWN,
    /** A destination's queues hold more than the threshold. */
    DESTINATION_BACKING_UP,
    /** Dead letters waiting for an operator. */
    DEAD_LETTERS;

    /**
     * A window of usual hours, {@code HH:MM-HH:MM} in a zone; an end before the start spans midnight
     * ({@code 20:00-02:00}); {@code 00:00-24:00} is all day.
     */
    public record UsualHours(LocalTime start, LocalTime end, boolean allDay, ZoneId zone) {

        public static UsualHours parse(String spec, ZoneId zone) {
            String[] p = spec.trim().split("-");
            if (p.length != 2) {
                throw new IllegalArgumentException("usual hours must be HH:MM-HH:MM: " + spec);
            }
            LocalTime s = LocalTime.parse(p[0].trim());
            boolean toMidnight = p[1].trim().equals("24:00");
            LocalTime e = toMidnight ? LocalTime.MIDNIGHT : LocalTime.parse(p[1].trim());
            return new UsualHours(s, e, toMidnight && s.equals(LocalTime.MIDNIGHT), zone);
        }

        public boolean contains(Instant t) {
            if (allDay) {
                return true;
            }
            LocalTime local = ZonedDateTime.ofInstant(t, zone).toLocalTime();
            if (start.equals(end)) {
                return true;
            }
            if (end.equals(LocalTime.MIDNIGHT) || start.isBefore(end)) {
                return !local.isBefore(start) && (end.equals(LocalTime.MIDNIGHT) || local.isBefore(end));
            }
            return !local.isBefore(start) || local.isBefore(end);
        }

        /** Time inside the window between two instants (minute resolution). */
        public Duration overlap(Instant from, Instant to) {
            if (!to.isAfter(from)) {
                return Duration.ZERO;
            }
            long minutes = 0;
            Instant t = from;
            long total = Duration.between(from, to).toMinutes();
            // long gaps are capped: beyond 8 days the answer is "a lot" anyway
            long steps = Math.min(total, 8 * 24 * 60);
            for (long i = 0; i < steps; i++) {
                if (contains(t)) {
                    minutes++;
                }
                t = t.plusSeconds(60);
            }
            return Duration.ofMinutes(minutes);
        }
    }

    /**
     * Whether a channel is quiet: the time without orders counted only inside usual hours exceeds
     * {@code quietAfter}, and it is usual hours now (nobody is woken at night for a shop that sleeps).
     *
     * @param lastOrderAt the last order, or when watching started if none was seen
     */
    public static boolean ordersQuiet(Instant now, Instant lastOrderAt, Duration quietAfter, UsualHours hours) {
        if (quietAfter.isZero() || quietAfter.isNegative() || !hours.contains(now)) {
            return false;
        }
        return hours.overlap(lastOrderAt, now).compareTo(quietAfter) >= 0;
    }
}
