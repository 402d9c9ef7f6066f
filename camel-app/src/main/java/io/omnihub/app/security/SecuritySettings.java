package io.omnihub.app.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may use the operations API and console ({@code omnihub.security.*}).
 *
 * <pre>
 * omnihub:
 *   security:
 *     users:
 *       - { name: alice, password: "${ALICE_PASSWORD}", role: admin }
 *       - { name: bob, password: "{bcrypt}$2a$10$...", role: viewer }
 *     api-keys:
 *       - { name: erp, key: "${ERP_API_KEY}", role: backoffice }
 * </pre>
 *
 * @param enabled       false turns authentication off altogether (only for a closed network; logged loudly)
 * @param adminPassword shorthand for a user {@code admin} with role ADMIN ({@code OMNIHUB_ADMIN_PASSWORD})
 * @param users         users for HTTP Basic (password plain, or {@code {bcrypt}}/{@code {noop}} prefixed)
 * @param apiKeys       keys sent as {@code X-API-Key: <key>} or {@code Authorization: Bearer <key>}
 */
@ConfigurationProperties("omnihub.security")
public record SecuritySettings(Boolean enabled, String adminPassword, List<User> users, List<ApiKey> apiKeys) {

    public SecuritySettings {
        enabled = enabled == null || enabled;
        adminPassword = adminPassword == null || adminPassword.isBlank() ? null : adminPassword;
        users = users == null ? List.of() : List.copyOf(users);
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
    }

    /** A console/API user. */
    public record User(String name, String password, String role) {
    }

    /** An API key for machines (back office, monitoring, scripts). */
    public record ApiKey(String name, String key, String role) {
    }
}
