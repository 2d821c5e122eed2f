package social.waddle.account;

import org.junit.jupiter.api.extension.ExtendWith;
import social.waddle.testbed.postgres.PostgresDatabase;
import social.waddle.testbed.postgres.PostgresExtension;
import social.waddle.testbed.postgres.PostgresServer;

/** The repository contract on a real PostgreSQL, a fresh database per test. */
@ExtendWith(PostgresExtension.class)
class JdbcAccountRepositoryPostgresIT extends AccountRepositoryContract {

    private final PostgresServer server;

    JdbcAccountRepositoryPostgresIT(PostgresServer server) {
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
