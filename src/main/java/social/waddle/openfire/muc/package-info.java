/**
 * Waddle channel rooms on Openfire's multi-user chat service, driven only with
 * <a href="https://xmpp.org/extensions/xep-0045.html">XEP-0045</a> stanzas sent from the Waddle component:
 * {@link social.waddle.openfire.muc.XmppRoomGateway} (the {@link social.waddle.community.rooms.RoomGateway}),
 * {@link social.waddle.openfire.muc.StanzaExchange} (request/response over the component), the component's system
 * admin grant on the MUC service, and the admin-only XEP-0050 commands that expose the gateway and the
 * {@link social.waddle.community.Provisioner}'s reconcile. Also the other way:
 * {@link social.waddle.openfire.muc.WaddleMucListener} and {@link social.waddle.openfire.muc.RoomMirror} reflect room
 * events into the Waddles, and {@link social.waddle.openfire.muc.BookmarkSync} keeps members'
 * <a href="https://xmpp.org/extensions/xep-0402.html">XEP-0402</a> channel bookmarks in their PEP nodes and the
 * <a href="https://xmpp.org/extensions/xep-0048.html">XEP-0048</a> copy in their private storage, through
 * {@link social.waddle.openfire.muc.OpenfireServerIqRoute}.
 *
 * <p>May depend on {@code social.waddle.community.rooms}, the provisioning of {@code social.waddle.community}, Tinder ({@code org.xmpp.*}), dom4j and the Openfire API
 * that links on 4.2.0 and 5.1.1 alike ({@code MultiUserChatManager}/{@code MultiUserChatService} sysadmin methods,
 * {@code AdHocCommand}, {@code AdminManager}, {@code MUCEventListener}, {@code SessionEventListener},
 * {@code IQRouter}, {@code IQHandler}) and
 * {@code social.waddle.community}. Never {@code MUCRoom}, {@code MUCRole} or other room objects: they
 * do not link on Openfire 5.x.
 */
package social.waddle.openfire.muc;
