package social.waddle.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import social.waddle.testbed.Await;
import social.waddle.testbed.openfire.OpenfireConsoleClient;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.OpenfireServerExtension;
import social.waddle.testbed.openfire.ServerLog;
import social.waddle.testbed.openfire.StoredProperties;
import social.waddle.testbed.openfire.XmppTestClient;

/**
 * The plugin installed as an admin installs it on Openfire 5.x: {@code target/waddle.jar} uploaded through the real
 * console, its pages served, Server &gt; System Properties viewed without a stack trace in the log, then the plugin
 * deleted through the console, and Openfire's own providers back in place (local users still log in).
 */
class ConsoleInstallIT {

    @RegisterExtension
    static final OpenfireServerExtension openfire = OpenfireServerExtension.ownServer(
            OpenfireServer.Options.defaults().withoutPlugin().database(OpenfireServer.Database.FILE));

    private static final Duration PLUGIN_TIMEOUT = OpenfireServer.PLUGIN_TIMEOUT;
    private static final String AUTH_PROVIDER = "provider.auth.className";
    private static final String USER_PROVIDER = "provider.user.className";
    private static final String WADDLE_AUTH_PROVIDER = "social.waddle.openfire.auth.WaddleAuthProvider";
    private static final String WADDLE_USER_PROVIDER = "social.waddle.openfire.auth.WaddleUserProvider";
    private static final String DEFAULT_AUTH_PROVIDER = "org.jivesoftware.openfire.auth.DefaultAuthProvider";
    private static final String DEFAULT_USER_PROVIDER = "org.jivesoftware.openfire.user.DefaultUserProvider";

    @Test
    void anAdminUploadsThePluginUsesItsPagesAndDeletesItAndOpenfiresProvidersComeBack() throws Exception {
        OpenfireServer server = openfire.server();
        Assumptions.assumeTrue(server.isOpenfire5(), "the Openfire 4.2.0 fallback has no admin console");
        OpenfireConsoleClient console = OpenfireConsoleClient.login(server);
        assertThat(console.get("plugin-admin.jsp").body()).doesNotContain("social.waddle");

        ServerLog.Mark beforeUpload = server.log().mark();
        OpenfireConsoleClient.Response uploaded = console.uploadPlugin(pluginJar());

        assertThat(uploaded.status()).isEqualTo(302);
        assertThat(uploaded.location()).hasValueSatisfying(location -> assertThat(location).endsWith("uploadsuccess=true"));
        Await.until("Openfire to load the uploaded plugin", PLUGIN_TIMEOUT,
                () -> server.log().firstLineSince(beforeUpload, "Successfully loaded plugin '" + OpenfireServer.PLUGIN_NAME).isPresent());
        String plugins = console.get("plugin-admin.jsp").body();
        assertThat(plugins).contains("Waddle").contains("The Waddle team");
        OpenfireConsoleClient.Response settings = console.get("plugins/waddle/waddle-settings");
        assertThat(settings.status()).isEqualTo(200);
        assertThat(settings.body()).contains("id=\"jive-header\"").contains("id=\"jive-sidebar\"")
                .contains("<a href=\"/plugins/waddle/waddle-diagnostics\"")
                .contains("id=\"group-login\"");

        ServerLog.Mark beforeProperties = server.log().mark();
        assertThat(console.get("server-properties.jsp").status()).isEqualTo(200);
        assertThat(property(console, AUTH_PROVIDER)).contains(WADDLE_AUTH_PROVIDER);
        assertThat(property(console, USER_PROVIDER)).contains(WADDLE_USER_PROVIDER);
        assertThat(server.log().since(beforeProperties)).doesNotContain("was not found").doesNotContain("social.waddle")
                .doesNotContainPattern(Pattern.compile("(?m)^\\S+ \\S+ WARN"));

        ServerLog.Mark beforeDelete = server.log().mark();
        OpenfireConsoleClient.Response deleted = console.deletePlugin(OpenfireServer.PLUGIN_NAME);

        assertThat(deleted.status()).as(console + " " + deleted.setCookies()).isEqualTo(302);
        assertThat(deleted.location()).hasValueSatisfying(location -> assertThat(location).endsWith("deletesuccess=true"));
        Await.until("Openfire to unload the deleted plugin", PLUGIN_TIMEOUT,
                () -> server.log().firstLineSince(beforeDelete, "Successfully unloaded plugin '" + OpenfireServer.PLUGIN_NAME).isPresent());
        assertThat(console.get("plugin-admin.jsp").body()).doesNotContain("The Waddle team");
        assertThat(property(console, AUTH_PROVIDER)).contains(AUTH_PROVIDER).doesNotContain(WADDLE_AUTH_PROVIDER);
        assertThat(property(console, USER_PROVIDER)).contains(USER_PROVIDER).doesNotContain(WADDLE_USER_PROVIDER);
        assertThat(XmppTestClient.advertisedSaslMechanisms(server)).contains("PLAIN", "SCRAM-SHA-1");
        try (XmppTestClient admin = XmppTestClient.login(server, server.adminUsername(), server.adminPassword())) {
            assertThat(admin.jid().getLocalpartOrNull().toString()).isEqualTo(server.adminUsername());
        }
        server.kill();
        assertThat(StoredProperties.read(server, "provider.")).containsEntry(AUTH_PROVIDER, DEFAULT_AUTH_PROVIDER)
                .containsEntry(USER_PROVIDER, DEFAULT_USER_PROVIDER);
        assertThat(StoredProperties.read(server, "waddle.saved.")).isEmpty();
    }

    /** Server &gt; System Properties searched for one property name (the page lists 25 properties at a time). */
    private static String property(OpenfireConsoleClient console, String name) throws Exception {
        OpenfireConsoleClient.Response page = console.get("server-properties.jsp?searchName=" + name);
        assertThat(page.status()).isEqualTo(200);
        return page.body();
    }

    /** The JAR {@code mvn package} built, as an admin downloads it. */
    private static Path pluginJar() {
        return Path.of(System.getProperty("waddle.pluginJar", "target/waddle.jar")).toAbsolutePath();
    }
}
