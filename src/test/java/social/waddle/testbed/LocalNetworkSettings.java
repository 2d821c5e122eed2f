package social.waddle.testbed;

import java.util.Map;

import social.waddle.testbed.atproto.AtprotoNetwork;

/** The plugin settings that point it at the local ATProto network instead of plc.directory and public DNS. */
public final class LocalNetworkSettings {

    /** The NSID the test bed's service-auth tokens are bound to. */
    public static final String LOGIN_LXM = "social.waddle.chat.login";

    private LocalNetworkSettings() {
    }

    /** @param serviceDid the DID the server answers to as service-auth audience, e.g. {@code did:web:<domain>} */
    public static Map<String, String> forPlugin(AtprotoNetwork network, String serviceDid) {
        return Map.of(
                "waddle.identity.plcDirectory", network.plcUrl().toString(),
                "waddle.identity.handleResolvers", "xrpc",
                "waddle.identity.resolveHandleService", network.pdsUrl().toString(),
                // The local PDS hands out .test handles, a TLD the handle spec keeps for development.
                "waddle.identity.allowedReservedTlds", "test",
                "waddle.http.plainHttpHosts", "localhost,127.0.0.1",
                "waddle.http.allowedPrivateAddresses", "127.0.0.1,::1",
                "waddle.serviceAuth.serviceDid", serviceDid,
                "waddle.serviceAuth.acceptedLxm", LOGIN_LXM);
    }
}
