/**
 * ATProto accounts as this server knows them: who logged in, with which DID, handle and credential types, and
 * whether an admin blocked them. Storage is behind {@link social.waddle.account.AccountRepository}; the JDBC
 * implementation on Openfire's database lives in {@code social.waddle.openfire}.
 *
 * <p>May depend on the JDK and {@code social.waddle.atproto}; never on Openfire.
 */
package social.waddle.account;
