package social.waddle.testbed.atproto;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Starts one {@link AtprotoNetwork} per JVM (kept in the root store, so it stops when the test plan ends) and resolves
 * {@code AtprotoNetwork} parameters of constructors, lifecycle methods and tests. When a test fails, the tail of the
 * network's logs goes to stderr, which Failsafe keeps in the test's report.
 *
 * <pre>{@code
 * @ExtendWith(AtprotoNetworkExtension.class)
 * class LoginIT {
 *     @Test
 *     void logsIn(AtprotoNetwork network) { … }
 * }
 * }</pre>
 */
public final class AtprotoNetworkExtension implements ParameterResolver, TestWatcher {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(AtprotoNetworkExtension.class);
    private static final String NETWORK_KEY = "network";

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == AtprotoNetwork.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return network(extensionContext);
    }

    /** The JVM's network, started on first use. */
    public static AtprotoNetwork network(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(NETWORK_KEY, key -> new StoredNetwork(AtprotoNetwork.start()), StoredNetwork.class)
                .network();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        StoredNetwork stored = context.getRoot().getStore(NAMESPACE).get(NETWORK_KEY, StoredNetwork.class);
        if (stored != null) {
            System.err.println("ATProto test bed logs after the failure of " + context.getDisplayName() + ":\n"
                    + stored.network().logTail());
        }
    }

    private record StoredNetwork(AtprotoNetwork network) implements ExtensionContext.Store.CloseableResource {

        @Override
        public void close() {
            network.close();
        }
    }
}
