package social.waddle.web.site;

import java.util.List;

/**
 * {@code /}: the signed-in person's page: their chat address, how to connect, their Waddles with their role, and the
 * invite links they opened and can still use.
 */
public final class HomePage extends SitePage {

    private static final long serialVersionUID = 1L;

    public record Home(Person person, SiteAccount.Connection connection, List<SiteAccount.Membership> memberships,
                       List<InviteLinks.Preview> pendingInvites) {
    }

    @Override
    protected String titleKey() {
        return "site.home.title";
    }

    @Override
    protected SiteResult get(SiteRequest request) {
        SiteAccount account = request.services().require(SiteAccount.class);
        Person person = request.person();
        List<InviteLinks.Preview> pending = request.services().find(InviteLinks.class)
                .map(links -> links.pending(InvitePage.did(person))).orElse(List.of());
        return SiteResult.view("site/home.jte", new Home(person, account.connection(person), account.memberships(person),
                pending));
    }
}
