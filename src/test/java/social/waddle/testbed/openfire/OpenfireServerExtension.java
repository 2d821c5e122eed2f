package social.waddle.testbed.openfire;

import java.util.Optional;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Gives tests a running {@link OpenfireServer} with our plugin loaded (as a parameter, or through
 * {@link #server()} when registered as a field).
 *
 * <ul>
 *   <li>{@code @ExtendWith(OpenfireServerExtension.class)}: one server shared by every such test class of the
 *       JVM (in-memory database), started on first use and stopped when the test run ends. Tests must leave it as
 *       they found it (no plugin removal, no restarts).</li>
 *   <li>{@code @RegisterExtension static OpenfireServerExtension openfire = OpenfireServerExtension.ownServer(options)}:
 *       a server of the class's own, stopped after the class; for tests that restart it, crash it or remove the
 *       plugin.</li>
 * </ul>
 * When a test fails, the end of the server's log is printed; the full logs stay in {@code target/openfire-bed/}.
 */
public final class OpenfireServerExtension implements BeforeAllCallback, ParameterResolver, TestWatcher {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(OpenfireServerExtension.class);
    private static final String SHARED = "shared";

    private final Optional<OpenfireServer.Options> ownServerOptions;
    private volatile OpenfireServer server;

    /** The shared server; used by {@code @ExtendWith}. */
    public OpenfireServerExtension() {
        this.ownServerOptions = Optional.empty();
    }

    private OpenfireServerExtension(OpenfireServer.Options options) {
        this.ownServerOptions = Optional.of(options);
    }

    public static OpenfireServerExtension ownServer(OpenfireServer.Options options) {
        return new OpenfireServerExtension(options);
    }

    public static OpenfireServerExtension ownServer() {
        return ownServer(OpenfireServer.Options.defaults());
    }

    public OpenfireServer server() {
        if (server == null) {
            throw new IllegalStateException("The Openfire server starts before all tests of the class");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (ownServerOptions.isPresent()) {
            OpenfireServer.Options options = ownServerOptions.get().label(context.getRequiredTestClass().getSimpleName());
            server = context.getStore(NAMESPACE)
                    .getOrComputeIfAbsent(OpenfireServer.class, key -> new RunningServer(OpenfireServer.start(options)),
                            RunningServer.class)
                    .server();
        } else {
            server = context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent(SHARED, key -> new RunningServer(OpenfireServer.start(
                            OpenfireServer.Options.defaults().label("shared"))), RunningServer.class)
                    .server();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == OpenfireServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return server();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        OpenfireServer failed = server;
        if (failed != null) {
            System.err.println("=== " + context.getDisplayName() + " failed; " + failed + " ===");
            System.err.println(failed.diagnostics());
        }
    }

    /** Stops the server when JUnit closes the store it lives in (end of the class, or of the run). */
    private record RunningServer(OpenfireServer server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.stop();
        }
    }
}
