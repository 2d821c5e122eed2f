package social.waddle.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.syntax.Did;
import social.waddle.community.Waddle;
import social.waddle.community.WaddleRepository;

/** The Waddles an account belongs to, with its role in each and a link to the Waddle's console page. */
public final class WaddleMemberships implements AccountMemberships {

    private final Supplier<WaddleRepository> repository;
    private final Supplier<Messages> messages;

    /** Both are asked on each call: the Waddle service may restart, and the console's texts follow its locale. */
    public WaddleMemberships(Supplier<WaddleRepository> repository, Supplier<Messages> messages) {
        this.repository = repository;
        this.messages = messages;
    }

    @Override
    public List<Membership> of(String did) {
        Did member;
        try {
            member = Did.parse(did);
        } catch (AtprotoException e) {
            return List.of();
        }
        return repository.get().read(store -> {
            List<Membership> memberships = new ArrayList<>();
            for (Waddle waddle : store.waddlesOf(member)) {
                String role = store.findMember(waddle.id(), member)
                        .map(found -> messages.get().text("admin.waddles.role." + found.role().name().toLowerCase(Locale.ROOT)))
                        .orElse("");
                memberships.add(new Membership(waddle.name(), role, WaddlesPage.detailHref(waddle.slug().value())));
            }
            return memberships;
        });
    }
}
