package social.waddle.testbed.atproto;

/** A call to the test bed (XRPC on the PDS, the PLC directory or the control endpoint) answered with an error. */
public final class XrpcCallFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String body;

    XrpcCallFailedException(String what, int status, String body) {
        super(what + " answered HTTP " + status + ": " + body);
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }
}
