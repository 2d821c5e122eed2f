package social.waddle.testbed.atproto;

/**
 * An account created on the test bed's PDS.
 *
 * @param handle      e.g. {@code alice.test}
 * @param did         the account's {@code did:plc:…}, registered in the local PLC directory
 * @param password    the main password
 * @param appPassword an app password made with {@code com.atproto.server.createAppPassword}
 * @param accessJwt   the access token from account creation (HS256, valid for two hours)
 */
public record TestAccount(String handle, String did, String password, String appPassword, String accessJwt) {

    @Override
    public String toString() {
        return "TestAccount[" + handle + ", " + did + "]";
    }
}
