package social.waddle.openfire;

import static org.assertj.core.api.Assertions.assertThat;

import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.OpenfireServerExtension;
import social.waddle.testbed.openfire.XmppTestClient;

/** The plugin JAR loads in a real Openfire and its component answers clients. */
@ExtendWith(OpenfireServerExtension.class)
class PluginLoadedIT {

    @Test
    void componentAdvertisesTheWaddleFeatureToClients(OpenfireServer openfire) throws Exception {
        try (XmppTestClient admin = XmppTestClient.login(openfire, openfire.adminUsername(), openfire.adminPassword())) {

            DiscoverInfo info = admin.discoInfo("waddle." + openfire.domain());

            assertThat(info.containsFeature(WaddleComponent.WADDLE_FEATURE)).isTrue();
            assertThat(info.getIdentities()).anySatisfy(identity -> assertThat(identity.getCategory()).isEqualTo("component"));
        }
    }
}
