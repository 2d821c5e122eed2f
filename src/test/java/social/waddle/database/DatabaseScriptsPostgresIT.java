package social.waddle.database;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import social.waddle.testbed.postgres.PostgresExtension;
import social.waddle.testbed.postgres.PostgresServer;

/** The PostgreSQL scripts on a real PostgreSQL: installing fresh and upgrading from every baseline agree. */
@ExtendWith(PostgresExtension.class)
class DatabaseScriptsPostgresIT {

    @Test
    void everyUpgradePathEndsLikeAFreshInstallOnPostgresql(PostgresServer server) throws SQLException {
        SchemaUpgrades.assertEveryUpgradePathEndsLikeAFreshInstall("postgresql", () -> server.createDatabase().connect());
    }
}
