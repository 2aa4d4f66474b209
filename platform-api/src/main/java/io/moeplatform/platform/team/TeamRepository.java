package io.moeplatform.platform.team;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Teams and their API tokens in PostgreSQL. */
@Repository
public class TeamRepository {

    private final JdbcClient jdbc;

    TeamRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A team as the API shows it. */
    public record Team(UUID id, String name, boolean admin, Instant createdAt) {}

    /** A token as the API lists it: never the secret. */
    public record Token(
            UUID id,
            UUID teamId,
            String name,
            String prefix,
            Instant createdAt,
            Instant expiresAt,
            Instant revokedAt,
            Instant lastUsedAt) {}

    public Optional<Team> findByName(String name) {
        return jdbc.sql("SELECT id, name, admin, created_at FROM teams WHERE name = ?")
                .param(name)
                .query(TeamRepository::team)
                .optional();
    }

    public List<Team> findAll() {
        return jdbc.sql("SELECT id, name, admin, created_at FROM teams ORDER BY name")
                .query(TeamRepository::team)
                .list();
    }

    public Team create(String name, boolean admin) {
        return jdbc.sql("INSERT INTO teams (name, admin) VALUES (?, ?) RETURNING id, name, admin, created_at")
                .params(name, admin)
                .query(TeamRepository::team)
                .single();
    }

    public boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM teams WHERE id = ?").param(id).update() == 1;
    }

    public Token createToken(UUID teamId, String name, String secret, Instant expiresAt) {
        return jdbc.sql("""
            INSERT INTO api_tokens (team_id, name, token_hash, token_prefix, expires_at)
            VALUES (?, ?, ?, ?, ?)
            RETURNING id, team_id, name, token_prefix, created_at, expires_at, revoked_at, last_used_at
            """)
                .params(
                        teamId,
                        name,
                        ApiTokens.hash(secret),
                        ApiTokens.displayPrefix(secret),
                        expiresAt == null ? null : Timestamp.from(expiresAt))
                .query(TeamRepository::token)
                .single();
    }

    public List<Token> tokens(UUID teamId) {
        return jdbc.sql("""
            SELECT id, team_id, name, token_prefix, created_at, expires_at, revoked_at, last_used_at
            FROM api_tokens WHERE team_id = ? ORDER BY created_at
            """).param(teamId).query(TeamRepository::token).list();
    }

    /** Revokes a token of the team; false when the team has no such token. Revoking twice is fine. */
    public boolean revoke(UUID teamId, UUID tokenId) {
        return jdbc.sql("UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = ? AND team_id = ?")
                        .params(tokenId, teamId)
                        .update()
                == 1;
    }

    private static Team team(ResultSet rs, int n) throws SQLException {
        return new Team(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getBoolean("admin"),
                instant(rs, "created_at"));
    }

    private static Token token(ResultSet rs, int n) throws SQLException {
        return new Token(
                rs.getObject("id", UUID.class),
                rs.getObject("team_id", UUID.class),
                rs.getString("name"),
                rs.getString("token_prefix"),
                instant(rs, "created_at"),
                instant(rs, "expires_at"),
                instant(rs, "revoked_at"),
                instant(rs, "last_used_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
