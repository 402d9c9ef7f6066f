package io.omnihub.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

    @TempDir
    Path dataDir;

    @Test
    void everyProblemIsReportedAtOnceWithItsProperty() {
        SecuritySettings s = new SecuritySettings(true, null,
                List.of(new SecuritySettings.User("alice", "short", "admin"),
                        new SecuritySettings.User("bad name!", "long-enough-password", "root"),
                        new SecuritySettings.User("alice", null, "viewer")),
                List.of(new SecuritySettings.ApiKey("erp", "too-short", "backoffice")));
        assertThatThrownBy(() -> Credentials.from(s, dataDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("omnihub.security.users[0].password: must have at least 8 characters")
                .hasMessageContaining("omnihub.security.users[1].name: must be 1-64 letters")
                .hasMessageContaining("omnihub.security.users[1].role: must be one of viewer, backoffice, operator, admin (was 'root')")
                .hasMessageContaining("omnihub.security.users[2].name: 'alice' is defined twice")
                .hasMessageContaining("omnihub.security.users[2].password: is missing")
                .hasMessageContaining("omnihub.security.api-keys[0].key: must have at least 16 characters");
    }

    @Test
    void withoutAnyUserAnAdminPasswordIsGeneratedKeptInTheDataDirAndReused() throws Exception {
        SecuritySettings none = new SecuritySettings(true, null, List.of(), List.of());
        Credentials first = Credentials.from(none, dataDir);
        Path file = dataDir.resolve(Credentials.INITIAL_PASSWORD_FILE);
        assertThat(first.generatedPasswordFile()).contains(file);
        String pw = Files.readString(file).trim();
        assertThat(pw).hasSizeGreaterThanOrEqualTo(20);
        assertThat(first.user("admin")).get().extracting(Credentials.StoredUser::password).isEqualTo(pw);
        assertThat(first.user("admin").get().role()).isEqualTo(Role.ADMIN);
        assertThat(first.user("admin").get().toString()).doesNotContain(pw);

        Credentials second = Credentials.from(none, dataDir);
        assertThat(second.user("admin").get().password()).isEqualTo(pw);
    }

    @Test
    void anAdminPasswordOrAnyUserMeansNothingIsGenerated() {
        Credentials c = Credentials.from(new SecuritySettings(true, "chosen-admin-password", List.of(), List.of()), dataDir);
        assertThat(c.generatedPasswordFile()).isEmpty();
        assertThat(c.user("admin").get().password()).isEqualTo("chosen-admin-password");
        assertThat(Files.exists(dataDir.resolve(Credentials.INITIAL_PASSWORD_FILE))).isFalse();

        Credentials keysOnly = Credentials.from(new SecuritySettings(true, null, List.of(),
                List.of(new SecuritySettings.ApiKey("prom", "prometheus-scrape-key-42", "viewer"))), dataDir);
        assertThat(keysOnly.user("admin")).isEmpty();
        assertThat(keysOnly.key("prometheus-scrape-key-42")).get().extracting(Credentials.StoredKey::role).isEqualTo(Role.VIEWER);
        assertThat(keysOnly.key("prometheus-scrape-key-43")).isEmpty();
    }

    @Test
    void rolesImplyTheLowerOnes() {
        assertThat(Role.ADMIN.implied()).containsExactlyInAnyOrder(Role.values());
        assertThat(Role.OPERATOR.implied()).containsExactlyInAnyOrder(Role.VIEWER, Role.BACKOFFICE, Role.OPERATOR);
        assertThat(Role.VIEWER.implied()).containsExactly(Role.VIEWER);
        assertThat(Role.BACKOFFICE.implied()).containsExactly(Role.BACKOFFICE);
        assertThat(Role.parse(" Operator ")).isEqualTo(Role.OPERATOR);
        assertThat(Role.parse("ROLE_admin")).isEqualTo(Role.ADMIN);
        assertThat(Role.parse("superuser")).isNull();
    }

    @Test
    void plainPasswordsCompareExactly() {
        var p = new HubSecurity.PlainPasswords();
        assertThat(p.matches("s3cret-password", "s3cret-password")).isTrue();
        assertThat(p.matches("s3cret-passwore", "s3cret-password")).isFalse();
        assertThat(p.matches("", "s3cret-password")).isFalse();
        assertThat(p.matches(null, "s3cret-password")).isFalse();
    }
}
