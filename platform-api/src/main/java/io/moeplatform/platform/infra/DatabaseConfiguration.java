package io.moeplatform.platform.infra;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The database: an external PostgreSQL when {@code spring.datasource.url} (or {@code MOE_DB_URL})
 * is set, otherwise an embedded one under {@code moe.data-dir}. Either way Flyway migrates it
 * from the {@code db} module before anything else uses it.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Configuration(proxyBeanMethods = false)
    @Conditional(NoExternalDatabase.class)
    static class Embedded {

        @Bean(destroyMethod = "close")
        EmbeddedPostgresServer embeddedPostgres(MoeProperties properties) {
            return EmbeddedPostgresServer.start(
                    properties.dataDir().resolve("postgres"),
                    properties.dataDir().resolve("pg-binaries"));
        }

        @Bean
        DataSource dataSource(EmbeddedPostgresServer postgres) {
            HikariDataSource dataSource = new HikariDataSource();
            dataSource.setPoolName("moe-embedded");
            dataSource.setJdbcUrl(postgres.jdbcUrl());
            dataSource.setUsername(postgres.username());
            dataSource.setMaximumPoolSize(20);
            return dataSource;
        }
    }

    /**
     * Connects once with plain JDBC before Flyway does, so that a wrong password or an unreachable
     * host ends start-up with one line that names the URL and PostgreSQL's reason, instead of the
     * pool's stack trace.
     */
    @Bean
    @Conditional(ExternalDatabase.class)
    FlywayConfigurationCustomizer externalDatabaseCheck(DataSourceProperties properties) {
        return configuration -> {
            String url = properties.determineUrl();
            try (Connection ignored =
                    DriverManager.getConnection(url, properties.determineUsername(), properties.determinePassword())) {
                // reachable, and the credentials are accepted
            } catch (SQLException e) {
                throw new StartupCheckException(
                        "Cannot connect to PostgreSQL at " + url + ": " + firstLine(e.getMessage()),
                        "Check spring.datasource.url, spring.datasource.username and spring.datasource.password"
                                + " (MOE_DB_URL, MOE_DB_USER, MOE_DB_PASSWORD), or unset the URL to use the"
                                + " embedded database.",
                        e);
            }
        };
    }

    static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    static final class ExternalDatabase implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
        }
    }

    static final class NoExternalDatabase implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !new ExternalDatabase().matches(context, metadata);
        }
    }
}
