package io.omnihub.app.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/me}: who the caller is and the highest role it has (the console adapts to it). */
@RestController
public class MeController {

    private final SecuritySettings settings;

    public MeController(SecuritySettings settings) {
        this.settings = settings;
    }

    @GetMapping("/api/v1/me")
    public Map<String, Object> me() {
        Map<String, Object> m = new LinkedHashMap<>();
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (!settings.enabled() || a == null || !a.isAuthenticated() || "anonymousUser".equals(a.getName())) {
            m.put("name", "anonymous");
            m.put("role", settings.enabled() ? null : Role.ADMIN.name());
            m.put("roles", settings.enabled() ? List.of() : List.of(Role.ADMIN.name()));
            m.put("securityEnabled", settings.enabled());
            return m;
        }
        List<Role> roles = a.getAuthorities().stream().map(GrantedAuthority::getAuthority).map(Role::parse)
                .filter(Objects::nonNull).sorted().toList();
        m.put("name", a.getName());
        m.put("role", roles.isEmpty() ? null : roles.get(roles.size() - 1).name());
        m.put("roles", roles.stream().map(Enum::name).toList());
        m.put("authMethod", a.getName().startsWith("apikey:") ? "api-key" : "basic");
        m.put("securityEnabled", true);
        return m;
    }
}
