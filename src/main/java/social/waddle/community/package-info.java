/**
 * Waddles: communities whose channels are XEP-0045 rooms. Value types ({@link social.waddle.community.Waddle},
 * {@link social.waddle.community.Channel}, {@link social.waddle.community.Member}, bans, invites, audit entries),
 * the rules that govern them ({@link social.waddle.community.WaddleService}), their storage
 * ({@link social.waddle.community.WaddleRepository}, plain JDBC in {@link social.waddle.community.JdbcWaddleRepository}),
 * how a channel names its room ({@link social.waddle.community.RoomNames}), which room state a channel needs
 * ({@link social.waddle.community.RoomSpecs}), and the {@link social.waddle.community.Provisioner} that carries every
 * change to the rooms through a {@link social.waddle.community.rooms.RoomGateway} and reconciles them
 * ({@link social.waddle.community.ReconcileReport}).
 *
 * <p>May depend on the JDK, SLF4J, {@code social.waddle.atproto} (DIDs and their JID localparts),
 * {@code social.waddle.account.ConnectionSource} and {@code social.waddle.community.rooms}; never on Openfire
 * ({@code org.jivesoftware.*}) or Tinder ({@code org.xmpp.*}).
 */
package social.waddle.community;
