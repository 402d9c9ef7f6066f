package io.omnihub.routes.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Turns a platform's entity version (ISO time with any offset, epoch seconds/millis, a version
 * number) into a key that sorts correctly as text, so the database can compare versions.
 */
public final class VersionKeys {

    private VersionKeys() {
    }

    public static String sortKey(String version) {
        if (version == null) {
            return "";
        }
        String v = version.trim();
        Instant t = parseTime(v);
        if (t != null) {
            // seconds since 1970 (padded) + nanos: "T" keys sort chronologically
            return "T" + String.format("%020d%09d", t.getEpochSecond() + 10_000_000_000L, t.getNano());
        }
        if (v.matches("-?\\d{1,19}")) {
            java.math.BigInteger n = new java.math.BigInteger(v).add(java.math.BigInteger.TEN.pow(19));
            return "N" + String.format("%021d", n);
        }
        return "S" + v;
    }

    private static Instant parseTime(String v) {
        if (v.length() < 10 || !Character.isDigit(v.charAt(0)) || v.indexOf('-') != 4) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
