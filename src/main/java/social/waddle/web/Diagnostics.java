package social.waddle.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import social.waddle.atproto.identity.ResolutionTrace;

/** What the diagnostics page asks of the running plugin. */
public interface Diagnostics {

    /** Resolves a handle or DID step by step, past the caches (see {@code IdentityResolver#trace}). */
    ResolutionTrace trace(String handleOrDid);

    /** The PLC directory in use ({@code waddle.identity.plcDirectory}). */
    URI plcDirectory();

    /** GETs {@code uri} through the plugin's outbound HTTP policy. */
    Probe probe(URI uri);

    /** Service discovery (XEP-0030) of the XMPP domain and of the items it lists. */
    XmppDiscovery discoverXmpp();

    /**
     * @param status the HTTP status, or -1 when no answer came
     * @param failure why no (good) answer came, or empty
     */
    record Probe(URI uri, int status, Duration elapsed, String failure) {
        public Probe {
            Objects.requireNonNull(uri);
            Objects.requireNonNull(elapsed);
            Objects.requireNonNull(failure);
        }

        public boolean ok() {
            return status >= 200 && status < 300 && failure.isEmpty();
        }
    }

    /** @param identities {@code category/type} of each disco identity */
    record Entity(String jid, Set<String> identities, Set<String> features) {
        public Entity {
            Objects.requireNonNull(jid);
            identities = Set.copyOf(identities);
            features = Set.copyOf(features);
        }
    }

    /**
     * @param mucService the JID of the MUC service Waddle uses ({@code waddle.muc.service})
     * @param problems entities that did not answer, and why
     */
    record XmppDiscovery(String domain, String mucService, List<Entity> entities, List<String> problems) {
        public XmppDiscovery {
            Objects.requireNonNull(domain);
            Objects.requireNonNull(mucService);
            entities = List.copyOf(entities);
            problems = List.copyOf(problems);
        }
    }
}
