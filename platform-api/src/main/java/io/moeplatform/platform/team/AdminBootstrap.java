package io.moeplatform.platform.team;

import java.io.PrintStream;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On the first start of an empty database, creates the {@code admin} team and one API token for
 * it, and prints the token once. Only its hash is stored, so it cannot be shown again; an admin
 * who loses it creates another through {@code POST /api/v1/teams/admin/tokens} with a token that
 * still works, or resets the database.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final PrintStream console;

    AdminBootstrap(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.console = System.out;
    }

    @Override
    public void run(ApplicationArguments args) {
        String secret = tx.execute(status -> {
            // Serialises concurrent first starts of several platform processes on one database.
            jdbc.sql("LOCK TABLE teams IN EXCLUSIVE MODE").update();
            if (jdbc.sql("SELECT count(*) FROM teams").query(Long.class).single() > 0) {
                return null;
            }
            UUID team = jdbc.sql("INSERT INTO teams (name, admin) VALUES ('admin', TRUE) RETURNING id")
                    .query(UUID.class)
                    .single();
            String token = ApiTokens.newSecret();
            jdbc.sql("INSERT INTO api_tokens (team_id, name, token_hash, token_prefix)"
                            + " VALUES (?, 'bootstrap', ?, ?)")
                    .params(team, ApiTokens.hash(token), ApiTokens.displayPrefix(token))
                    .update();
            return token;
        });
        if (secret != null) {
            log.info("Created the admin team and its first API token");
            console.printf(
                    "%n=== MoE Platform: admin API token (shown once, stored only as a hash) ===%n"
                            + "  %s%n"
                            + "  use it as: Authorization: Bearer <token>%n"
                            + "==========================================================================%n%n",
                    secret);
            console.flush();
        }
    }
}
