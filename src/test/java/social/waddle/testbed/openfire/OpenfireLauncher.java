package social.waddle.testbed.openfire;

import java.io.IOException;
import java.io.InputStream;

import org.jivesoftware.openfire.XMPPServer;

/**
 * The {@code main} of a test-bed Openfire process (Openfire 4.2.0's {@code XMPPServer} has none). Runs in its
 * own JVM with Openfire's {@code lib/} as class path, so it may depend on nothing but Openfire and the JDK, and
 * must stay a single class file: {@link OpenfireServer} copies it out of the test classes on its own.
 *
 * <p>Invariant: the server never outlives its parent. The parent holds our standard input open; when it
 * closes (the parent stopped us or died) we exit, which stops Openfire through the shutdown hook.
 */
public final class OpenfireLauncher {

    private OpenfireLauncher() {
    }

    public static void main(String[] args) {
        XMPPServer server = new XMPPServer();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!server.isShuttingDown()) {
                server.stop();
            }
        }, "openfire-stop"));

        Thread parentWatch = new Thread(() -> {
            exitWhenClosed(System.in);
        }, "parent-watch");
        parentWatch.setDaemon(true);
        parentWatch.start();
    }

    private static void exitWhenClosed(InputStream parent) {
        try {
            while (parent.read() >= 0) {
                // Nothing is ever sent; reading only waits for end of stream.
            }
        } catch (IOException e) {
            // The pipe broke: the parent is gone just the same.
        }
        System.exit(0);
    }
}
