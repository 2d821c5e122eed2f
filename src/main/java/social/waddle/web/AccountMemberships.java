package social.waddle.web;

import java.util.List;

/**
 * The Waddles an account belongs to, for the account's detail page. Installed by whoever knows about Waddles; without
 * it the page says it cannot tell.
 */
@FunctionalInterface
public interface AccountMemberships {

    /** @param href a link to the Waddle's console page, relative to the plugin's pages, or empty */
    record Membership(String name, String role, String href) {
    }

    List<Membership> of(String did);
}
