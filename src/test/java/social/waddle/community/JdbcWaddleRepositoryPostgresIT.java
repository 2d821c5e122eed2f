package social.waddle.community;

import org.junit.jupiter.api.extension.ExtendWith;
import social.waddle.account.ConnectionSource;
import social.waddle.testbed.postgres.PostgresDatabase;
import social.waddle.testbed.postgres.PostgresExtension;
import social.waddle.testbed.postgres.PostgresServer;

/** The repository contract on a real PostgreSQL, a fresh database per test. */
@ExtendWith(PostgresExtension.class)
class JdbcWaddleRepositoryPostgresIT extends WaddleRepositoryContract {

    private final PostgresServer server;

    JdbcWaddleRepositoryPostgresIT(PostgresServer server) {
        this.server = server;
    }

    @Override
    protected String dialect() {
        return "postgresql";
    }

    @Override
    protected ConnectionSource emptyDatabase() {
        PostgresDatabase database = server.createDatabase();
        return database::connect;
    }
}
