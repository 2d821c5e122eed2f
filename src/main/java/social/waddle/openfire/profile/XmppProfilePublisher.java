package social.waddle.openfire.profile;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;

import social.waddle.account.AtprotoAccount;
import social.waddle.profile.ProfilePublisher;
import social.waddle.atproto.profile.Avatar;
import social.waddle.atproto.profile.BlueskyProfile;
import social.waddle.openfire.muc.ServerIqRoute;

/**
 * {@link ProfilePublisher} on Openfire: the vCard through {@link VCardStore} (Openfire's {@code VCardManager}, which
 * exists with the same {@code setVCard(String, Element)} in 4.2.0 and 5.x and keeps its cache and listeners right),
 * then User Avatar and User Nickname in PEP, then the avatar hash for presences.
 */
public final class XmppProfilePublisher implements ProfilePublisher {

    private static final Logger Log = LoggerFactory.getLogger(XmppProfilePublisher.class);

    private final VCardStore vCards;
    private final PepPublisher pep;
    private final AvatarHashes hashes;
    private final String xmppDomain;

    public XmppProfilePublisher(VCardStore vCards, ServerIqRoute route, Duration timeout, AvatarHashes hashes,
                                String xmppDomain) {
        this.vCards = Objects.requireNonNull(vCards);
        this.pep = new PepPublisher(route, timeout);
        this.hashes = Objects.requireNonNull(hashes);
        this.xmppDomain = Objects.requireNonNull(xmppDomain);
    }

    @Override
    public void publish(AtprotoAccount account, Optional<String> handle, BlueskyProfile profile, boolean avatarChanged)
            throws Exception {
        JID user = new JID(account.username(), xmppDomain, null);
        vCards.save(account.username(), ProfileVCards.build(user.toBareJID(), account.did(), handle,
                profile.displayName(), profile.description(), profile.avatar()));
        hashes.put(account.username(), profile.avatar().map(Avatar::sha1));
        if (avatarChanged) {
            pep.publishAvatar(user, profile.avatar());
        }
        pep.publishNick(user, handle.orElse(account.did()));
        Log.info("Profile of {} published: name '{}', handle {}, {}", user,
                ProfileVCards.fullName(account.did(), handle, profile.displayName()), handle.orElse("(unverified)"),
                profile.avatar().map(Avatar::toString).orElse("no avatar"));
    }

    @Override
    public void publishIdentity(AtprotoAccount account, Optional<String> handle, Optional<String> displayName)
            throws Exception {
        JID user = new JID(account.username(), xmppDomain, null);
        Optional<Element> published = vCards.load(account.username());
        Element vCard = published.map(card -> ProfileVCards.renamed(card, account.did(), handle, displayName))
                .orElseGet(() -> ProfileVCards.build(user.toBareJID(), account.did(), handle, displayName,
                        Optional.empty(), Optional.empty()));
        vCards.save(account.username(), vCard);
        pep.publishNick(user, handle.orElse(account.did()));
        Log.info("Names of {} published for handle {}", user, handle.orElse("(unverified)"));
    }
}
