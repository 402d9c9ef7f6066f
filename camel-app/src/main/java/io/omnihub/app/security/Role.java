package io.omnihub.app.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Roles of the operations API and console. Each role includes the ones it implies:
 * {@code ADMIN > OPERATOR > VIEWER}, and {@code OPERATOR > BACKOFFICE}.
 * <ul>
 *   <li>{@link #VIEWER}: reads everything (personal data masked), cannot change anything;</li>
 *   <li>{@link #BACKOFFICE}: a back-office system: may post stock levels and fulfillments, nothing else;</li>
 *   <li>{@link #OPERATOR}: viewer + back office + replay, edit, discard dead letters, unmasked inspection,
 *       connector checks;</li>
 *   <li>{@link #ADMIN}: operator + the remaining actuator endpoints.</li>
 * </ul>
 */
public enum Role {
    VIEWER, BACKOFFICE, OPERATOR, ADMIN;

    /** This role and every role it implies. */
    public Set<Role> implied() {
        return switch (this) {
            case VIEWER -> EnumSet.of(VIEWER);
            case BACKOFFICE -> EnumSet.of(BACKOFFICE);
            case OPERATOR -> EnumSet.of(VIEWER, BACKOFFICE, OPERATOR);
            case ADMIN -> EnumSet.allOf(Role.class);
        };
    }

    /** Parses {@code viewer}, {@code Operator}, {@code ROLE_ADMIN}, ...; null when unknown. */
    public static Role parse(String s) {
        if (s == null) {
            return null;
        }
        String v = s.trim().toUpperCase(Locale.ROOT);
        if (v.startsWith("ROLE_")) {
            v = v.substring(5);
        }
        for (Role r : values()) {
            if (r.name().equals(v)) {
                return r;
            }
        }
        return null;
    }
}
