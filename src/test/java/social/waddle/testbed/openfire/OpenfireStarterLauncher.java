package social.waddle.testbed.openfire;

import java.io.IOException;
import java.io.InputStream;

/**
 * The {@code main} of a test-bed Openfire 5.x process: Openfire's own {@code ServerStarter} (what
 * {@code bin/openfire.sh} runs through {@code lib/startup.jar}), plus the bed's invariant that the server never
 * outlives its parent. Runs with only {@code startup.jar} and this class on the class path, so it imports nothing of
 * Openfire and must stay a single class file ({@link OpenfireServer} copies it out of the test classes).
 *
 * <p>The parent holds our standard input open; when it closes (the parent stopped us or died) we exit, which stops
 * Openfire through its shutdown hook.
 */
public final class OpenfireStarterLauncher {

    private static final String SERVER_STARTER = "org.jivesoftware.openfire.starter.ServerStarter";

    private OpenfireStarterLauncher() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        Thread parentWatch = new Thread(() -> exitWhenClosed(System.in), "parent-watch");
        parentWatch.setDaemon(true);
        parentWatch.start();
        Class.forName(SERVER_STARTER).getMethod("main", String[].class).invoke(null, (Object) args);
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
