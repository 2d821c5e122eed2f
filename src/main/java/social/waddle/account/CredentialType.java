package social.waddle.account;

/** How an ATProto account proved who it is when logging in. */
public enum CredentialType {
    /** A Bluesky app password (or the account's main password), checked with the user's PDS. */
    APP_PASSWORD,
    /** An ATProto service-auth JWT, verified offline against the DID document's signing key. */
    SERVICE_AUTH,
    /** A token this server issued after "Sign in with Bluesky" (OAuth). */
    OAUTH_SESSION,
    /** A per-device chat password this server issued and keeps only as a hash. */
    DEVICE_PASSWORD
}
