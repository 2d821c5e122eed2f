package social.waddle.openfire.muc;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

/**
 * A user's <a href="https://xmpp.org/extensions/xep-0048.html">XEP-0048</a> bookmarks, the copy read by clients
 * that know no XEP-0402 (Profanity 0.13, Smack's {@code BookmarkManager}, Psi, Pidgin) or use XEP-0402 only when the
 * server announces {@code urn:xmpp:bookmarks:1#compat} (Openfire 5.1.1 does not). They live in private XML storage
 * (<a href="https://xmpp.org/extensions/xep-0049.html">XEP-0049</a>, {@code jabber:iq:private}); Openfire 5.x stores
 * that in the user's PEP node {@value #STORAGE} (item {@code current}, XEP-0223) and announces
 * {@code urn:xmpp:bookmarks-conversion:0}, so clients reading that node see the same list.
 *
 * <p>The list is one document that the user's clients write too: it is changed read-modify-write, and only
 * {@code conference} elements the caller names are added, renamed or removed; every other element (the user's own
 * conferences, URLs, unknown extensions) is kept as it was.
 */
final class LegacyBookmarks {

    static final String PRIVATE = "jabber:iq:private";
    static final String STORAGE = "storage:bookmarks";

    /** The outcome of {@link #merge}: the new document, and how many conferences it adds, renames and removes. */
    record Merge(Element storage, int added, int renamed, int removed) {

        boolean changed() {
            return added + renamed + removed > 0;
        }
    }

    private LegacyBookmarks() {
    }

    static IQ get(JID user) {
        IQ iq = ChannelBookmarks.fromUser(user, IQ.Type.get);
        iq.setChildElement("query", PRIVATE).addElement(QName.get("storage", STORAGE));
        return iq;
    }

    static IQ set(JID user, Element storage) {
        IQ iq = ChannelBookmarks.fromUser(user, IQ.Type.set);
        iq.setChildElement("query", PRIVATE).add(storage.createCopy());
        return iq;
    }

    /** A copy of the stored {@code storage} document of a get result (empty when nothing is stored), or empty. */
    static Optional<Element> storageOf(IQ result) {
        if (result.getType() != IQ.Type.result) {
            return Optional.empty();
        }
        Element query = result.getChildElement();
        Element storage = query == null ? null : query.element(QName.get("storage", STORAGE));
        return Optional.of(storage == null ? DocumentHelper.createElement(QName.get("storage", STORAGE))
                : storage.createCopy());
    }

    /**
     * {@code storage} with a conference of every bookmark of {@code wanted} (added when the room has none; its name
     * set when it differs) and without the conferences of rooms {@code remove} accepts that are not wanted. Room JIDs
     * are compared as bare JIDs after stringprep; conferences with a JID that does not parse are kept.
     */
    static Merge merge(Element storage, Collection<ChannelBookmarks.Bookmark> wanted, Predicate<String> remove) {
        Element merged = storage.createCopy();
        Map<String, ChannelBookmarks.Bookmark> missing = new LinkedHashMap<>();
        wanted.forEach(bookmark -> missing.put(normalized(bookmark.roomJid()).orElse(bookmark.roomJid()), bookmark));
        int renamed = 0;
        int removed = 0;
        for (Element conference : List.copyOf(merged.elements("conference"))) {
            Optional<String> room = normalized(conference.attributeValue("jid"));
            if (room.isEmpty()) {
                continue;
            }
            ChannelBookmarks.Bookmark bookmark = missing.remove(room.get());
            if (bookmark != null) {
                if (!bookmark.name().equals(conference.attributeValue("name"))) {
                    conference.addAttribute("name", bookmark.name());
                    renamed++;
                }
            } else if (!wanted(wanted, room.get()) && remove.test(room.get())) {
                merged.remove(conference);
                removed++;
            }
        }
        for (ChannelBookmarks.Bookmark bookmark : missing.values()) {
            Element conference = merged.addElement(QName.get("conference", STORAGE))
                    .addAttribute("jid", bookmark.roomJid())
                    .addAttribute("name", bookmark.name())
                    .addAttribute("autojoin", "true");
            conference.addElement(QName.get("nick", STORAGE)).setText(bookmark.nick());
        }
        return new Merge(merged, missing.size(), renamed, removed);
    }

    /** The room JIDs of the document's conferences, normalized. */
    static List<String> rooms(Element storage) {
        return storage.elements("conference").stream()
                .map(conference -> normalized(conference.attributeValue("jid")))
                .flatMap(Optional::stream)
                .toList();
    }

    private static boolean wanted(Collection<ChannelBookmarks.Bookmark> wanted, String room) {
        return wanted.stream().anyMatch(bookmark -> room.equals(normalized(bookmark.roomJid()).orElse(bookmark.roomJid())));
    }

    static Optional<String> normalized(String jid) {
        if (jid == null || jid.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new JID(jid.trim()).toBareJID());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
