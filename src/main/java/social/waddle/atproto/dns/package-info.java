/**
 * DNS for the ATProto core: the {@code _atproto} TXT lookup of handle resolution, through dnsjava against a
 * configurable DNS server (so tests and private deployments can point it at their own).
 *
 * <p>May depend on the JDK, SLF4J, dnsjava and {@code social.waddle.atproto}; never on Openfire.
 */
package social.waddle.atproto.dns;
