package social.waddle.community;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.syntax.Did;

/** did:plc DIDs for tests, named after who they stand for. */
final class TestDids {

    static final Did OWNER = plc('o');
    static final Did ADMIN = plc('a');
    static final Did MODERATOR = plc('m');
    static final Did MEMBER = plc('b');
    static final Did OTHER_MEMBER = plc('c');
    static final Did OUTSIDER = plc('x');

    private TestDids() {
    }

    /** {@code did:plc:} and 24 times {@code letter}. */
    static Did plc(char letter) {
        return parse("did:plc:" + String.valueOf(letter).repeat(24));
    }

    static Did parse(String did) {
        try {
            return Did.parse(did);
        } catch (AtprotoException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
