package social.waddle.account;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import social.waddle.database.DatabaseScripts;

/** Runs the plugin's install scripts the way Openfire does (see {@link DatabaseScripts#statements}). */
public final class SqlScripts {

    private SqlScripts() {
    }

    public static Path database(String file) {
        return DatabaseScripts.databaseDirectory().resolve(file);
    }

    public static List<String> statements(Path script) throws IOException {
        return DatabaseScripts.statements(script);
    }

    public static void run(Connection connection, Path script) throws IOException, SQLException {
        DatabaseScripts.run(connection, script);
    }

    /** The part of Openfire's own schema our scripts rely on. */
    public static void createOpenfireVersionTable(Connection connection) throws SQLException {
        DatabaseScripts.createOpenfireVersionTable(connection);
    }
}
