package social.waddle.testbed.postgres;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Starts one {@link PostgresServer} per JVM (kept in the root store, so it stops when the test plan ends) and
 * resolves {@code PostgresServer} parameters of constructors, lifecycle methods and tests. When PostgreSQL is not
 * installed, every test that asks for it fails, saying what to install. When a test fails, the tail of the server
 * log goes to stderr, which Failsafe keeps in the test's report.
 *
 * <pre>{@code
 * @ExtendWith(PostgresExtension.class)
 * class SomethingPostgresIT {
 *     @Test
 *     void works(PostgresServer server) throws SQLException {
 *         try (Connection connection = server.createDatabase().connect()) { … }
 *     }
 * }
 * }</pre>
 */
public final class PostgresExtension implements ParameterResolver, TestWatcher {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);
    private static final String SERVER_KEY = "server";

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == PostgresServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return server(extensionContext);
    }

    /** The JVM's server, started on first use; a failed start is remembered and reported to every later test. */
    public static PostgresServer server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SERVER_KEY, key -> StoredServer.start(), StoredServer.class)
                .server();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        StoredServer stored = context.getRoot().getStore(NAMESPACE).get(SERVER_KEY, StoredServer.class);
        if (stored != null && stored.started() != null) {
            System.err.println("PostgreSQL log (" + stored.started().serverLog() + ") after the failure of "
                    + context.getDisplayName() + ":\n" + stored.started().logTail());
        }
    }

    private record StoredServer(PostgresServer started, RuntimeException failure)
            implements ExtensionContext.Store.CloseableResource {

        static StoredServer start() {
            try {
                return new StoredServer(PostgresServer.start(), null);
            } catch (RuntimeException e) {
                return new StoredServer(null, e);
            }
        }

        PostgresServer server() {
            if (failure != null) {
                throw new IllegalStateException("PostgreSQL test server did not start: " + failure.getMessage(), failure);
            }
            return started;
        }

        @Override
        public void close() {
            if (started != null) {
                started.close();
            }
        }
    }
}
