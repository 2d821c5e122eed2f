package social.waddle.atproto.crypto;

import java.security.Provider;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one BouncyCastle JCA provider of the plugin. It is passed explicitly to {@code KeyFactory}/{@code Signature}
 * lookups and never added to {@link java.security.Security}, so Openfire's own provider set stays untouched and a
 * plugin reload leaves nothing behind.
 */
public final class CryptoProvider {

    private CryptoProvider() {
    }

    private static final class Holder {
        static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();
    }

    public static Provider bouncyCastle() {
        return Holder.BOUNCY_CASTLE;
    }
}
