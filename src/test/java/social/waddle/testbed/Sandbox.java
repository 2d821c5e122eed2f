package social.waddle.testbed;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

import java.util.List;

import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.openfire.OpenfireServer;

/**
 * A local playground: a real Openfire (the configured 5.x distribution, else 4.2.0) with the Waddle plugin, reachable by any XMPP client on the machine, up until
 * Ctrl-C. Run after {@code mvn package}:
 *
 * <pre>
 * mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
 * java -cp target/test-classes:$(cat target/test.classpath) social.waddle.testbed.Sandbox
 * </pre>
 *
 * Every resource started is pushed on {@link #started} and closed in reverse order on exit, so later parts (the
 * ATProto network) slot in as one more {@code start(...)} line in {@link #startAll()}.
 */
public final class Sandbox {

    /** The standard client port, used when free: clients then need no port setting. */
    public static final int WELL_KNOWN_CLIENT_PORT = 5222;
    /** "localhost" resolves to this machine in every client, so no host setting is needed either. */
    public static final String DOMAIN = "localhost";

    private final Deque<AutoCloseable> started = new ConcurrentLinkedDeque<>();

    public static void main(String[] args) throws InterruptedException {
        Sandbox sandbox = new Sandbox();
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::closeAll, "sandbox-stop"));
        try {
            sandbox.startAll();
        } catch (RuntimeException e) {
            System.err.println("The sandbox could not start: " + e.getMessage());
            System.exit(1);
        }
        System.out.println("Sandbox running; Ctrl-C stops it.");
        Thread.currentThread().join();
    }

    private void startAll() {
        AtprotoNetwork network = start(AtprotoNetwork.start());
        List<TestAccount> accounts = List.of(network.createAccount("alice"), network.createAccount("bob"));
        OpenfireServer openfire = start(OpenfireServer.start(OpenfireServer.Options.defaults()
                .label("sandbox")
                .domain(DOMAIN)
                .preferredClientPort(WELL_KNOWN_CLIENT_PORT)
                .publicWeb()
                .properties(LocalNetworkSettings.forPlugin(network, "did:web:" + DOMAIN))));
        System.out.printf("""
                Openfire %s with the Waddle plugin%s
                  XMPP domain   %s
                  client port   %s:%d (plaintext allowed, STARTTLS offered with a self-signed certificate)%s
                  admin console %s
                  admin login   %s@%s / %s
                  public pages  %s
                  Waddle        waddle.%s (disco#info shows urn:waddle:openfire:0)
                  rooms         conference.%s
                  new accounts  in-band registration (XEP-0077) is open
                  home          %s
                  server log    %s
                """, openfire.openfireVersion(),
                openfire.isOpenfire5() ? "" : " (FALLBACK: Openfire 5.x was not given; -Dopenfire.distribution=<release .tar.gz>)",
                openfire.domain(), openfire.host(), openfire.clientPort(), portNote(openfire.clientPort()),
                openfire.isOpenfire5() ? openfire.adminConsoleUri() + " (log in as admin)"
                        : "none: the Openfire 4.2.0 fallback has no console webapp",
                openfire.adminUsername(), openfire.domain(), openfire.adminPassword(),
                openfire.isOpenfire5() ? openfire.publicWebUri() + "/ (Sign in with Bluesky: a handle below and its password)"
                        : "none: the public pages need Openfire 5.x",
                openfire.domain(),
                openfire.domain(), openfire.home(), openfire.log().file());
        System.out.printf("""
                Local ATProto network (PLC directory and Bluesky PDS on 127.0.0.1)
                  PLC           %s
                  PDS           %s
                Bluesky accounts: log in with the handle as username (JID <handle>@%s) and the app password
                (the main password works too); the session binds the DID-derived JID shown.
                """, network.plcUrl(), network.pdsUrl(), DOMAIN);
        for (TestAccount account : accounts) {
            System.out.printf("  %-14s app password %s   password %s%n  %14s DID %s → JID %s@%s%n", account.handle(),
                    account.appPassword(), account.password(), "", account.did(),
                    account.did().substring("did:plc:".length()), DOMAIN);
        }
    }

    /** Says so when another program holds the standard port: clients then need the port set by hand. */
    private static String portNote(int clientPort) {
        return clientPort == WELL_KNOWN_CLIENT_PORT ? ""
                : System.lineSeparator() + "  NOTE: port " + WELL_KNOWN_CLIENT_PORT
                + " is taken by another program, so the sandbox listens on " + clientPort
                + ": set this port in your XMPP client (or stop what holds " + WELL_KNOWN_CLIENT_PORT + ")";
    }

    private <T extends AutoCloseable> T start(T resource) {
        started.push(resource);
        return resource;
    }

    private void closeAll() {
        for (AutoCloseable resource = started.poll(); resource != null; resource = started.poll()) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("Could not stop " + resource + ": " + e);
            }
        }
    }
}
