package io.omnihub.app.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users and API keys of the operations API, validated once at startup. Every problem in
 * {@code omnihub.security.*} is reported at once, naming the property. API keys are kept only as
 * SHA-256 digests. With no user and no key configured, a user {@code admin} is created with a random
 * password kept in {@code <data-dir>/initial-admin-password} (reused on the next start).
 */
public final class Credentials {

    private static final Logger LOG = LoggerFactory.getLogger(Credentials.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    public static final String INITIAL_PASSWORD_FILE = "initial-admin-password";

    /** A user as stored: password as configured (plain, {bcrypt}..., {noop}...). */
    public record StoredUser(String name, String password, Role role) {
        @Override
        public String toString() {
            return "StoredUser[" + name + ", " + role + "]";
        }
    }

    /** A key as stored: its name, digest and role. */
    public record StoredKey(String name, String sha256, Role role) {
    }

    private final Map<String, StoredUser> users;
    private final Map<String, StoredKey> keysByDigest;
    private final Path generatedPasswordFile;

    private Credentials(Map<String, StoredUser> users, Map<String, StoredKey> keys, Path generated) {
        this.users = users;
        this.keysByDigest = keys;
        this.generatedPasswordFile = generated;
    }

    /** Validates the settings; throws {@link IllegalStateException} listing every problem. */
    public static Credentials from(SecuritySettings s, Path dataDir) {
        List<String> problems = new ArrayList<>();
        Map<String, StoredUser> users = new LinkedHashMap<>();
        Map<String, StoredKey> keys = new LinkedHashMap<>();
        if (s.adminPassword() != null) {
            users.put("admin", new StoredUser("admin", s.adminPassword(), Role.ADMIN));
        }
        for (int i = 0; i < s.users().size(); i++) {
            SecuritySettings.User u = s.users().get(i);
            String at = "omnihub.security.users[" + i + "]";
            if (u.name() == null || !NAME.matcher(u.name()).matches()) {
                problems.add(at + ".name: must be 1-64 letters, digits or ._@-");
            } else if (users.containsKey(u.name())) {
                problems.add(at + ".name: '" + u.name() + "' is defined twice");
            }
            if (u.password() == null || u.password().isBlank()) {
                problems.add(at + ".password: is missing (use ${ENV_VAR} or a {bcrypt} hash)");
            } else if (!u.password().startsWith("{") && u.password().length() < 8) {
                problems.add(at + ".password: must have at least 8 characters");
            }
            Role r = Role.parse(u.role());
            if (r == null) {
                problems.add(at + ".role: must be one of viewer, backoffice, operator, admin (was '" + u.role() + "')");
            }
            if (u.name() != null && u.password() != null && r != null) {
                users.put(u.name(), new StoredUser(u.name(), u.password(), r));
            }
        }
        for (int i = 0; i < s.apiKeys().size(); i++) {
            SecuritySettings.ApiKey k = s.apiKeys().get(i);
            String at = "omnihub.security.api-keys[" + i + "]";
            if (k.name() == null || !NAME.matcher(k.name()).matches()) {
                problems.add(at + ".name: must be 1-64 letters, digits or ._@-");
            }
            if (k.key() == null || k.key().length() < 16) {
                problems.add(at + ".key: must have at least 16 characters");
            }
            Role r = Role.parse(k.role());
            if (r == null) {
                problems.add(at + ".role: must be one of viewer, backoffice, operator, admin (was '" + k.role() + "')");
            }
            if (k.key() != null && k.name() != null && r != null) {
                String d = sha256(k.key());
                if (keys.containsKey(d)) {
                    problems.add(at + ".key: the same key is configured twice");
                }
                keys.put(d, new StoredKey(k.name(), d, r));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid security settings:\n  " + String.join("\n  ", problems));
        }
        Path generated = null;
        if (users.isEmpty() && keys.isEmpty()) {
            generated = dataDir.resolve(INITIAL_PASSWORD_FILE);
            String pw = initialPassword(generated);
            users.put("admin", new StoredUser("admin", pw, Role.ADMIN));
            LOG.warn("No ops API users configured: user 'admin' (role ADMIN) has the password in {}. Set OMNIHUB_ADMIN_PASSWORD"
                    + " or omnihub.security.users to choose your own.", generated.toAbsolutePath());
        }
        LOG.info("Ops API authentication: {} user(s), {} API key(s)", users.size(), keys.size());
        return new Credentials(users, keys, generated);
    }

    public Optional<StoredUser> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    public Optional<StoredKey> key(String presented) {
        return presented == null ? Optional.empty() : Optional.ofNullable(keysByDigest.get(sha256(presented)));
    }

    /** The file holding the generated admin password, when one was generated. */
    public Optional<Path> generatedPasswordFile() {
        return Optional.ofNullable(generatedPasswordFile);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String initialPassword(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                String pw = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!pw.isEmpty()) {
                    return pw;
                }
            }
            Files.createDirectories(file.getParent());
            byte[] b = new byte[18];
            new SecureRandom().nextBytes(b);
            String pw = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            Files.writeString(file, pw + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            return pw;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the initial admin password in " + file, e);
        }
    }

    static String lower(Role r) {
        return r.name().toLowerCase(Locale.ROOT);
    }
}
