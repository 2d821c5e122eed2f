package social.waddle.web.site;

import java.util.List;

/** What the home page shows of a person's chat account, from the running plugin. */
public interface SiteAccount {

    /** How to connect an XMPP client. */
    record Connection(String jid, String domain, String host, int port) {

        /** An {@code xmpp:} URI (RFC 5122) of the person's own address. */
        public String xmppUri() {
            return "xmpp:" + jid;
        }
    }

    /** A Waddle the person belongs to, with their role (its i18n key suffix: owner, admin, moderator, member). */
    record Membership(long waddleId, String name, String slug, String role) {

        /** Whether the role may manage the Waddle on the web (moderator pages). */
        public boolean manages() {
            return !"member".equals(role);
        }
    }

    Connection connection(Person person);

    List<Membership> memberships(Person person);
}
