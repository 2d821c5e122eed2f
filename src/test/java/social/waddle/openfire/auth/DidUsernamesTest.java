package social.waddle.openfire.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class DidUsernamesTest {

    private static final String DOMAIN = "chat.example.com";
    private static final String PLC_ID = "ewvi7nxzyoun6zhxrhs64oiz";
    private static final String DID = "did:plc:" + PLC_ID;

    @Test
    void aRawDidIsItsDerivedLocalpart() {
        assertThat(DidUsernames.localpartOf(DID, DOMAIN)).contains(PLC_ID);
        assertThat(DidUsernames.localpartOf(" " + DID + " ", DOMAIN)).contains(PLC_ID);
        assertThat(DidUsernames.localpartOf(DID + "@" + DOMAIN, DOMAIN)).contains(PLC_ID);
        assertThat(DidUsernames.localpartOf("did:web:localhost%3A2583", DOMAIN)).contains("web.localhost_2583");
    }

    @Test
    void theXep0106EscapedFormIsTheSameAccount() {
        assertThat(DidUsernames.localpartOf("did\\3aplc\\3a" + PLC_ID, DOMAIN)).contains(PLC_ID);
        assertThat(DidUsernames.localpartOf("did\\3aplc\\3a" + PLC_ID + "@" + DOMAIN, DOMAIN)).contains(PLC_ID);
        // A client may case-fold the localpart (RFC 7613); the did:web port separator is restored.
        assertThat(DidUsernames.localpartOf("did\\3aweb\\3alocalhost%3a2583", DOMAIN)).contains("web.localhost_2583");
        assertThat(DidUsernames.localpartOf("DID\\3APLC\\3A" + PLC_ID.toUpperCase(), DOMAIN)).contains(PLC_ID);
    }

    @Test
    void everythingElsePassesUnchanged() {
        assertThat(DidUsernames.localpartOf("alice.test", DOMAIN)).isEmpty();
        assertThat(DidUsernames.localpartOf(PLC_ID, DOMAIN)).isEmpty();
        assertThat(DidUsernames.localpartOf("admin", DOMAIN)).isEmpty();
        assertThat(DidUsernames.localpartOf(DID + "@elsewhere.example", DOMAIN)).isEmpty();
        // Not a valid did:plc (the identifier is 24 characters), a DID method without a JID mapping, not a DID.
        assertThat(DidUsernames.localpartOf("did:plc:short", DOMAIN)).isEmpty();
        assertThat(DidUsernames.localpartOf("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", DOMAIN)).isEmpty();
        assertThat(DidUsernames.localpartOf("did\\3a", DOMAIN)).isEmpty();
        assertThat(DidUsernames.localpartOf("", DOMAIN)).isEmpty();
        assertThat(DidUsernames.localpartOf(null, DOMAIN)).isEmpty();
    }

    @Test
    void thePlainMessageCarriesTheLocalpartAndTheSamePassword() {
        assertThat(rewritten("\0" + DID + "\0pässword\0with-nul?")).isEqualTo("\0" + DID + "\0pässword\0with-nul?");
        assertThat(rewritten("\0" + DID + "\0abcd-efgh-ijkl-mnop")).isEqualTo("\0" + PLC_ID + "\0abcd-efgh-ijkl-mnop");
        assertThat(rewritten("\0did\\3aplc\\3a" + PLC_ID + "\0pässwörd")).isEqualTo("\0" + PLC_ID + "\0pässwörd");
        assertThat(rewritten(DID + "@" + DOMAIN + "\0" + DID + "\0pw")).isEqualTo(PLC_ID + "\0" + PLC_ID + "\0pw");
        assertThat(rewritten("\0alice.test\0pw")).isEqualTo("\0alice.test\0pw");
    }

    @Test
    void aMessageOfAnotherShapeIsLeftForOpenfireToRefuse() {
        byte[] noSeparators = DID.getBytes(StandardCharsets.UTF_8);
        byte[] oneSeparator = (DID + "\0pw").getBytes(StandardCharsets.UTF_8);

        assertThat(DidUsernames.rewritePlain(noSeparators, DOMAIN)).isSameAs(noSeparators);
        assertThat(DidUsernames.rewritePlain(oneSeparator, DOMAIN)).isSameAs(oneSeparator);
        assertThat(DidUsernames.rewritePlain(new byte[0], DOMAIN)).isEmpty();
        assertThat(DidUsernames.rewritePlain(null, DOMAIN)).isNull();
    }

    private static String rewritten(String message) {
        return new String(DidUsernames.rewritePlain(message.getBytes(StandardCharsets.UTF_8), DOMAIN),
                StandardCharsets.UTF_8);
    }
}
