package io.moeplatform.platform.team;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every {@code /api/v1} request by its bearer token: looks up the token's SHA-256,
 * refuses revoked and expired tokens, and leaves the {@link Caller} on the request. Other paths
 * (health, OpenAPI, the web UI's assets) are public.
 */
@Component
class TokenAuthenticationFilter extends OncePerRequestFilter {

    private final JdbcClient jdbc;

    TokenAuthenticationFilter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            unauthorized(response, "missing Authorization: Bearer <token> header");
            return;
        }
        Optional<Caller> caller = lookup(header.substring(7).strip());
        if (caller.isEmpty()) {
            unauthorized(response, "the token is unknown, revoked or expired");
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, caller.get());
        chain.doFilter(request, response);
    }

    private Optional<Caller> lookup(String secret) {
        return jdbc.sql("""
            UPDATE api_tokens a SET last_used_at = now()
            FROM teams t
            WHERE a.token_hash = ? AND t.id = a.team_id AND a.revoked_at IS NULL
              AND (a.expires_at IS NULL OR a.expires_at > ?)
            RETURNING t.id, t.name, t.admin, a.id
            """)
                .params(ApiTokens.hash(secret), Timestamp.from(Instant.now()))
                .query((rs, n) -> new Caller(
                        rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3), rs.getObject(4, UUID.class)))
                .optional();
    }

    private static void unauthorized(HttpServletResponse response, String detail) throws IOException {
        response.setStatus(401);
        response.setHeader("WWW-Authenticate", "Bearer");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter()
                .write("{\"type\":\"https://moeplatform.io/problems/unauthorized\",\"title\":\"Unauthorized\","
                        + "\"status\":401,\"detail\":\""
                        + detail
                        + "\"}");
    }
}
