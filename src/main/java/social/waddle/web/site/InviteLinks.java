package social.waddle.web.site;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import social.waddle.account.PendingInviteRepository;
import social.waddle.account.PendingInviteRepository.PendingInvite;
import social.waddle.atproto.syntax.Did;
import social.waddle.community.Actor;
import social.waddle.community.Channel;
import social.waddle.community.Invite;
import social.waddle.community.Member;
import social.waddle.community.Waddle;
import social.waddle.community.WaddleException;
import social.waddle.community.WaddleRepository;
import social.waddle.community.WaddleService;

/**
 * Invite codes as links ({@code <base URL>/invite/<code>}): what an invite is to whoever opens it, and joining with it
 * through {@link WaddleService#joinWithInvite}, the call the ad-hoc command makes (membership, audit, bookmarks and
 * room affiliations follow from its events). Lookups are limited per client address, so codes cannot be guessed. A
 * valid invite a signed-in person opens without joining stays pending on their home page until they join or it ends.
 */
public final class InviteLinks {

    private static final Logger Log = LoggerFactory.getLogger(InviteLinks.class);

    /** Codes the service makes are URL-safe and short; anything else is not looked up at all. */
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** What the landing page shows. */
    public enum State { VALID, EXPIRED, USED_UP }

    public record Preview(String code, Waddle waddle, SitePeople.Name invitedBy, State state, Optional<Invite> invite) {
    }

    /** Where a new member goes to chat: the Waddle's default channel room ({@code xmpp:room@muc?join}, XEP-0147). */
    public record Joined(Waddle waddle, Optional<String> roomJid) {
        public Optional<String> roomUri() {
            return roomJid.map(jid -> "xmpp:" + jid + "?join");
        }
    }

    private final WaddleService service;
    private final WaddleRepository repository;
    private final SitePeople people;
    private final String mucDomain;
    private final SignInLimiter lookups;
    private final PendingInviteRepository pending;
    private final Clock clock;

    public InviteLinks(WaddleService service, WaddleRepository repository, SitePeople people, String mucDomain,
                       SignInLimiter lookups, PendingInviteRepository pending, Clock clock) {
        this.service = service;
        this.repository = repository;
        this.people = people;
        this.mucDomain = mucDomain;
        this.lookups = lookups;
        this.pending = pending;
        this.clock = clock;
    }

    public SitePeople people() {
        return people;
    }

    public static boolean wellFormed(String code) {
        return code != null && CODE.matcher(code).matches();
    }

    /** Counts a lookup from {@code address}; false once the address has used up its lookups for the window. */
    public boolean allowLookup(String address) {
        return lookups.tryAcquire(address);
    }

    /** The invite behind {@code code}; empty when no such invite exists (never made, or revoked). */
    public Optional<Preview> preview(String code) {
        if (!wellFormed(code)) {
            return Optional.empty();
        }
        return repository.read(store -> store.findInvite(code).flatMap(invite -> store.findWaddle(invite.waddleId())
                .map(waddle -> new Preview(code, waddle, inviter(invite.createdBy()),
                        invite.expiredAt(clock.instant()) ? State.EXPIRED
                                : invite.usedUp() ? State.USED_UP : State.VALID, Optional.of(invite)))));
    }

    private SitePeople.Name inviter(Actor actor) {
        if (actor instanceof Actor.Person person) {
            return people.name(person.did());
        }
        return new SitePeople.Name("", actor.toString(), Optional.empty());
    }

    /** Whether {@code did} already belongs to the Waddle. */
    public Optional<Member> membership(Did did, Waddle waddle) {
        return repository.read(store -> store.findMember(waddle.id(), did));
    }

    /** {@code did} looked at a valid invite of a Waddle they do not belong to: it is pending until used or ended. */
    public void opened(Did did, Preview preview) {
        if (preview.state() != State.VALID) {
            return;
        }
        try {
            pending.remember(did.toString(), preview.code(), clock.instant());
        } catch (RuntimeException e) {
            // The invite page still works; only the home page's reminder of it is missing.
            Log.warn("Could not remember that {} opened invite {}", did, preview.code(), e);
        }
    }

    /**
     * The invites {@code did} opened and can still use, newest first. Those that ended (expired, used up, revoked) or
     * whose Waddle they have joined since are forgotten here.
     */
    public List<Preview> pending(Did did) {
        List<Preview> usable = new ArrayList<>();
        try {
            for (PendingInvite opened : pending.of(did.toString())) {
                Optional<Preview> preview = preview(opened.code())
                        .filter(found -> found.state() == State.VALID && membership(did, found.waddle()).isEmpty());
                if (preview.isPresent()) {
                    usable.add(preview.get());
                } else {
                    pending.forget(did.toString(), opened.code());
                }
            }
        } catch (RuntimeException e) {
            // The home page still works without its reminders.
            Log.warn("Could not read the invites {} opened", did, e);
        }
        return usable;
    }

    /** Joins with the invite, exactly as the join-with-invite command does. */
    public Joined join(Did did, String code) throws WaddleException {
        Member member = service.joinWithInvite(did, code);
        try {
            pending.forget(did.toString(), code);
        } catch (RuntimeException e) {
            Log.warn("Could not forget invite {} that {} has used; the home page leaves it out anyway", code, did, e);
        }
        Waddle waddle = service.find(member.waddleId()).orElseThrow(() -> new WaddleException(
                WaddleException.Reason.NOT_FOUND, "The Waddle of this invite has just been deleted"));
        return joined(waddle);
    }

    /** Where to chat in a Waddle one belongs to. */
    public Joined joined(Waddle waddle) throws WaddleException {
        Optional<String> room = service.channels(waddle.slug()).stream().filter(Channel::isDefault).findFirst()
                .or(() -> {
                    try {
                        return service.channels(waddle.slug()).stream().findFirst();
                    } catch (WaddleException e) {
                        return Optional.empty();
                    }
                })
                .map(channel -> channel.roomJid(mucDomain));
        return new Joined(waddle, room);
    }
}
