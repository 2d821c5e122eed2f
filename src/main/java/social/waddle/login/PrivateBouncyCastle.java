package social.waddle.login;

import java.security.Provider;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * One BouncyCastle provider instance for this package, handed to JCA calls explicitly and never registered
 * with {@link java.security.Security}: Openfire and other plugins keep their own provider order.
 */
final class PrivateBouncyCastle {

    private static final class Holder {
        private static final Provider PROVIDER = new BouncyCastleProvider();
    }

    private PrivateBouncyCastle() {
    }

    static Provider provider() {
        return Holder.PROVIDER;
    }
}
