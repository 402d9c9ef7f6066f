package io.omnihub.app.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnihub.app.HubProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authentication and roles for the operations API, actuator and console (contract §7). Webhooks
 * ({@code /webhooks/**}) stay open: the platforms' signatures authenticate them. Health probes stay
 * open for orchestrators, with details only for authenticated users. Stateless: HTTP Basic for users,
 * {@code X-API-Key} / {@code Authorization: Bearer} for keys; no sessions, no cookies, so no CSRF.
 * The endpoint-to-role table is in docs/security.md and tested by SecurityRolesTest.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(SecuritySettings.class)
public class HubSecurity {

    private static final Logger LOG = LoggerFactory.getLogger(HubSecurity.class);
    static final String REALM = "OmniHub";

    @Bean
    public Credentials credentials(SecuritySettings settings, HubProperties props) {
        return Credentials.from(settings, props.dataDir());
    }

    @Bean
    public PasswordEncoder passwordEncoder() {
        DelegatingPasswordEncoder d = (DelegatingPasswordEncoder) PasswordEncoderFactories.createDelegatingPasswordEncoder();
        d.setDefaultPasswordEncoderForMatches(new PlainPasswords());
        return d;
    }

    @Bean
    public UserDetailsService userDetailsService(Credentials credentials) {
        return name -> credentials.user(name)
                .map(u -> User.withUsername(u.name()).password(u.password()).authorities(authorities(u.role())).build())
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }

    @Bean
    public SecurityFilterChain hubFilterChain(HttpSecurity http, SecuritySettings settings, Credentials credentials,
                                              ObjectMapper json) throws Exception {
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .headers(h -> h.frameOptions(f -> f.deny()));
        if (!settings.enabled()) {
            LOG.warn("omnihub.security.enabled=false: the ops API, actuator and console are OPEN to anyone who can reach port. "
                    + "Only for a closed network.");
            http.authorizeHttpRequests(a -> a.anyRequest().permitAll());
            return http.build();
        }
        Answers answers = new Answers(json);
        http.httpBasic(b -> b.realmName(REALM).authenticationEntryPoint(answers::unauthorized))
                .exceptionHandling(e -> e.authenticationEntryPoint(answers::unauthorized).accessDeniedHandler(answers::forbidden))
                .addFilterBefore(new ApiKeyFilter(credentials, answers), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/webhooks/**", "/error", "/", "/favicon.ico", "/console", "/console/**", "/demo/**").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/stock", "/api/v1/fulfillments").hasRole(Role.BACKOFFICE.name())
                        .requestMatchers(unmaskedInspection()).hasRole(Role.OPERATOR.name())
                        .requestMatchers(HttpMethod.POST, "/api/v1/stock/policy/dry-run").hasRole(Role.VIEWER.name())
                        .requestMatchers(HttpMethod.GET, "/api/v1/me").authenticated()
                        .requestMatchers(HttpMethod.GET, "/api/**").hasRole(Role.VIEWER.name())
                        .requestMatchers("/api/**").hasRole(Role.OPERATOR.name())
                        .requestMatchers("/actuator/prometheus", "/actuator/info", "/actuator/metrics", "/actuator/metrics/**")
                        .hasRole(Role.VIEWER.name())
                        .requestMatchers("/actuator/**").hasRole(Role.ADMIN.name())
                        .anyRequest().authenticated());
        return http.build();
    }

    /** {@code GET /api/v1/dead-letters/{queue}/{id}?unmasked=true}: personal data, operators only. */
    static RequestMatcher unmaskedInspection() {
        return r -> "GET".equals(r.getMethod()) && r.getRequestURI().startsWith("/api/v1/dead-letters/")
                && r.getParameter("unmasked") != null && !"false".equalsIgnoreCase(r.getParameter("unmasked").trim());
    }

    static List<GrantedAuthority> authorities(Role role) {
        return role.implied().stream().map(r -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + r.name()))
                .collect(Collectors.toList());
    }

    /** Compares an unprefixed (plain) configured password in constant time. */
    static final class PlainPasswords implements PasswordEncoder {
        @Override
        public String encode(CharSequence raw) {
            throw new UnsupportedOperationException("plain passwords are only compared");
        }

        @Override
        public boolean matches(CharSequence raw, String stored) {
            if (raw == null || stored == null) {
                return false;
            }
            return MessageDigest.isEqual(Credentials.sha256(raw.toString()).getBytes(StandardCharsets.US_ASCII),
                    Credentials.sha256(stored).getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Authenticates {@code X-API-Key} or {@code Authorization: Bearer} keys; a wrong key is 401 at once. */
    static final class ApiKeyFilter extends OncePerRequestFilter {
        private final Credentials credentials;
        private final Answers answers;

        ApiKeyFilter(Credentials credentials, Answers answers) {
            this.credentials = credentials;
            this.answers = answers;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
                throws ServletException, IOException {
            String key = req.getHeader("X-API-Key");
            String auth = req.getHeader("Authorization");
            if (key == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                key = auth.substring(7).trim();
            }
            if (key == null || req.getRequestURI().startsWith("/webhooks/")) {
                chain.doFilter(req, res);
                return;
            }
            var found = credentials.key(key.trim());
            if (found.isEmpty()) {
                answers.write(res, 401, "Unauthorized", "unknown API key", false);
                return;
            }
            var token = UsernamePasswordAuthenticationToken.authenticated("apikey:" + found.get().name(), null,
                    authorities(found.get().role()));
            var ctx = SecurityContextHolder.createEmptyContext();
            ctx.setAuthentication(token);
            SecurityContextHolder.setContext(ctx);
            try {
                chain.doFilter(req, res);
            } finally {
                SecurityContextHolder.clearContext();
            }
        }
    }

    /** 401 and 403 as problem+json; 401 asks for Basic unless the caller is a script (XMLHttpRequest). */
    static final class Answers {
        private final ObjectMapper json;

        Answers(ObjectMapper json) {
            this.json = json;
        }

        void unauthorized(HttpServletRequest req, HttpServletResponse res, Exception e) throws IOException {
            boolean challenge = !"XMLHttpRequest".equalsIgnoreCase(req.getHeader("X-Requested-With"));
            write(res, 401, "Unauthorized", "authentication required: HTTP Basic (user) or X-API-Key (API key)", challenge);
        }

        void forbidden(HttpServletRequest req, HttpServletResponse res, Exception e) throws IOException {
            var a = SecurityContextHolder.getContext().getAuthentication();
            String who = a == null ? "anonymous" : a.getName();
            String role = a == null ? "none" : a.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                    .map(Role::parse).filter(java.util.Objects::nonNull).max(Enum::compareTo).map(Enum::name).orElse("none");
            write(res, 403, "Forbidden", "'" + who + "' (role " + role + ") may not " + req.getMethod() + " " + req.getRequestURI(), false);
        }

        void write(HttpServletResponse res, int status, String title, String detail, boolean challenge) throws IOException {
            if (res.isCommitted()) {
                return;
            }
            res.setStatus(status);
            if (challenge) {
                res.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            }
            res.setContentType("application/problem+json");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "about:blank");
            body.put("title", title);
            body.put("status", status);
            body.put("detail", detail);
            res.getOutputStream().write(json.writeValueAsBytes(body));
        }
    }
}
