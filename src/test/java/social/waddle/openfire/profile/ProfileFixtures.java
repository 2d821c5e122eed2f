package social.waddle.openfire.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

import javax.imageio.ImageIO;

import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.identity.JidLocalpart;
import social.waddle.atproto.syntax.Did;
import social.waddle.testbed.Await;
import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.openfire.XmppTestClient;

/**
 * Profiles written with the PDS's own XRPC ({@code uploadBlob}, {@code putRecord}) and vCards read as a client does,
 * for the profile integration tests.
 */
final class ProfileFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private final AtprotoNetwork network;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    ProfileFixtures(AtprotoNetwork network) {
        this.network = network;
    }

    /** A fresh access token of {@code account} (by DID, which survives handle changes). */
    String accessJwt(TestAccount account) {
        return network.createSession(account.did(), account.password()).path("accessJwt").asText();
    }

    /** {@code com.atproto.repo.uploadBlob} with the given Content-Type; the blob reference the PDS answers. */
    JsonNode uploadBlob(TestAccount account, byte[] bytes, String contentType) {
        HttpRequest upload = HttpRequest.newBuilder(network.pdsLoopbackUrl().resolve("/xrpc/com.atproto.repo.uploadBlob"))
                .header("Content-Type", contentType)
                .header("Authorization", "Bearer " + accessJwt(account))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        try {
            HttpResponse<String> uploaded = http.send(upload, HttpResponse.BodyHandlers.ofString());
            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
            return JSON.readTree(uploaded.body()).path("blob");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A profile record with a display name, a description and a PNG avatar, as a Bluesky client writes it. */
    void setProfile(TestAccount account, String displayName, String description, byte[] png) {
        ObjectNode record = JSON.createObjectNode().put("$type", "app.bsky.actor.profile")
                .put("displayName", displayName).put("description", description);
        record.set("avatar", uploadBlob(account, png, "image/png"));
        putProfile(account, record, true);
    }

    /**
     * {@code com.atproto.repo.putRecord} of {@code app.bsky.actor.profile}/{@code self}; {@code validate} false skips
     * the PDS's lexicon check, as the XRPC allows, so records other clients could write reach the plugin as they are.
     */
    void putProfile(TestAccount account, ObjectNode record, boolean validate) {
        ObjectNode put = JSON.createObjectNode().put("repo", account.did()).put("collection", "app.bsky.actor.profile")
                .put("rkey", "self");
        if (!validate) {
            put.put("validate", false);
        }
        put.set("record", record);
        network.xrpcPost("com.atproto.repo.putRecord", put, accessJwt(account));
    }

    static EntityBareJid jidOf(TestAccount account, String domain) {
        try {
            return JidCreate.entityBareFrom(JidLocalpart.toLocalpart(Did.parse(account.did())) + "@" + domain);
        } catch (AtprotoException | XmppStringprepException e) {
            throw new IllegalArgumentException(account.did(), e);
        }
    }

    /** The vCard of {@code jid} once {@code ready} holds for it. */
    static VCard awaitVCard(XmppTestClient client, EntityBareJid jid, Predicate<VCard> ready, Duration timeout) {
        VCard[] last = new VCard[1];
        Await.until("the vCard of " + jid + " to be published", timeout, () -> {
            try {
                last[0] = VCardManager.getInstanceFor(client.connection()).loadVCard(jid);
                return ready.test(last[0]);
            } catch (Exception e) {
                return false;
            }
        });
        return last[0];
    }

    /** An 8×8 PNG of one colour. */
    static byte[] png(Color color) {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 8; x++) {
            for (int y = 0; y < 8; y++) {
                image.setRGB(x, y, color.getRGB());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
