package social.waddle.login;

import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;

import social.waddle.atproto.crypto.KeyType;

/**
 * An issuer's EC public key as both the JDK and BouncyCastle see it, built once per key. BouncyCastle's JCA
 * signature reads {@link #getParameters()} and {@link #getQ()} on every verification: handing it the same
 * generator and public point objects each time (on BouncyCastle's optimised curve implementation) lets it reuse
 * the precomputed multiples it caches on those points, instead of converting the JDK parameters afresh per call
 * as bcprov 1.53 does for other keys. Not serialisable in any meaningful way; never leaves this package.
 */
final class PreparedEcPublicKey implements ECPublicKey, org.bouncycastle.jce.interfaces.ECPublicKey {

    private final ECPublicKey jdkKey;
    private final org.bouncycastle.jce.spec.ECParameterSpec bouncyCastleParameters;
    private final org.bouncycastle.math.ec.ECPoint bouncyCastlePoint;

    private PreparedEcPublicKey(ECPublicKey jdkKey, org.bouncycastle.jce.spec.ECParameterSpec bouncyCastleParameters,
            org.bouncycastle.math.ec.ECPoint bouncyCastlePoint) {
        this.jdkKey = jdkKey;
        this.bouncyCastleParameters = bouncyCastleParameters;
        this.bouncyCastlePoint = bouncyCastlePoint;
    }

    /** @throws IllegalArgumentException if the point is not on the curve */
    static PreparedEcPublicKey of(ECPublicKey jdkKey, KeyType curve) {
        final X9ECParameters named = CustomNamedCurves.getByName(curve.curveName());
        final BigInteger x = jdkKey.getW().getAffineX();
        final BigInteger y = jdkKey.getW().getAffineY();
        final org.bouncycastle.math.ec.ECPoint point = named.getCurve().createPoint(x, y);
        if (!point.isValid()) {
            throw new IllegalArgumentException("point is not on " + curve.displayName());
        }
        return new PreparedEcPublicKey(jdkKey, new org.bouncycastle.jce.spec.ECParameterSpec(named.getCurve(),
                named.getG(), named.getN(), named.getH(), named.getSeed()), point);
    }

    @Override
    public ECPoint getW() {
        return jdkKey.getW();
    }

    @Override
    public ECParameterSpec getParams() {
        return jdkKey.getParams();
    }

    @Override
    public org.bouncycastle.math.ec.ECPoint getQ() {
        return bouncyCastlePoint;
    }

    @Override
    public org.bouncycastle.jce.spec.ECParameterSpec getParameters() {
        return bouncyCastleParameters;
    }

    @Override
    public String getAlgorithm() {
        return "EC";
    }

    @Override
    public String getFormat() {
        return jdkKey.getFormat();
    }

    @Override
    public byte[] getEncoded() {
        return jdkKey.getEncoded();
    }
}
