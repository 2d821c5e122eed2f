/**
 * What the Waddle domain needs of a XEP-0045 multi-user chat service, as plain data: the desired state of a room
 * ({@link social.waddle.community.rooms.RoomSpec}), its observed state ({@link social.waddle.community.rooms.RoomState})
 * and the {@link social.waddle.community.rooms.RoomGateway} that reads and applies them. The Openfire implementation
 * speaks XEP-0045 owner/admin stanzas from the Waddle component; never {@code MUCRoom} objects.
 *
 * <p>May depend on the JDK only.
 */
package social.waddle.community.rooms;
