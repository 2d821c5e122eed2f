package social.waddle.atproto.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NioClient;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;

/**
 * Looks up the {@code _atproto.<handle>} TXT records of the DNS handle-resolution method and returns every
 * {@code did=} value found; the caller decides what several disagreeing values mean (the spec says: none is
 * trusted). No record or no such name gives an empty list; a failing or silent DNS server is a
 * {@code NETWORK} or {@code TIMEOUT} failure, never "not found".
 *
 * @see <a href="https://atproto.com/specs/handle#handle-resolution">ATProto handle resolution (DNS TXT)</a>
 */
public final class DnsTxtResolver {

    private static final Logger Log = LoggerFactory.getLogger(DnsTxtResolver.class);

    private static final String DID_PREFIX = "did=";

    private final InetSocketAddress server;
    private final Duration timeout;

    /** Asks the given DNS server ({@code host:port}). */
    public DnsTxtResolver(InetSocketAddress server, Duration timeout) {
        this.server = Objects.requireNonNull(server);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The DNS timeout must be positive, got " + timeout + ".");
        }
        this.timeout = timeout;
    }

    /**
     * Parses a resolver address: {@code 9.9.9.9}, {@code 127.0.0.1:5353}, {@code [::1]:53}; only IP literals, since
     * looking up the resolver's own name would need a resolver.
     */
    public static DnsTxtResolver forServer(String hostPort, Duration timeout) {
        String text = hostPort.trim();
        String host = text;
        int port = SimpleResolver.DEFAULT_PORT;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("Unclosed '[' in DNS server '" + hostPort + "'.");
            }
            host = text.substring(1, close);
            if (close + 1 < text.length()) {
                port = port(text.substring(close + 1), hostPort);
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = port(text.substring(text.indexOf(':')), hostPort);
        }
        if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !host.contains(":")) {
            throw new IllegalArgumentException("The DNS server must be an IP address with an optional port, got '"
                    + hostPort + "'.");
        }
        try {
            return new DnsTxtResolver(new InetSocketAddress(InetAddress.getByName(host), port), timeout);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + hostPort + "' is not a valid DNS server address.", e);
        }
    }

    /** Asks the first DNS server of the operating system's configuration. */
    public static DnsTxtResolver system(Duration timeout) throws AtprotoException {
        try {
            return new DnsTxtResolver(new SimpleResolver().getAddress(), timeout);
        } catch (UnknownHostException e) {
            throw new AtprotoException(Failure.NETWORK,
                    "No DNS server is configured on this machine; set the DNS server for handle resolution.", e);
        }
    }

    /**
     * Releases dnsjava's shared I/O thread and JVM shutdown hook; call when the plugin unloads so that the plugin
     * class loader can be collected. Later lookups start them again.
     */
    public static void releaseSharedResources() {
        NioClient.close();
    }

    public InetSocketAddress server() {
        return server;
    }

    /** The {@code did=} values of the TXT records of {@code _atproto.<handle>}, in answer order, unvalidated. */
    public List<String> atprotoDids(String handle) throws AtprotoException {
        List<String> dids = new ArrayList<>();
        for (String text : txt("_atproto." + handle)) {
            if (text.startsWith(DID_PREFIX)) {
                dids.add(text.substring(DID_PREFIX.length()).trim());
            }
        }
        return dids;
    }

    /** The TXT records of a name, each record's strings joined; empty on NXDOMAIN or no TXT records. */
    public List<String> txt(String domain) throws AtprotoException {
        Name name;
        try {
            name = Name.fromString(domain.toLowerCase(Locale.ROOT).endsWith(".") ? domain : domain + ".");
        } catch (TextParseException e) {
            throw new AtprotoException(Failure.INVALID_SYNTAX, "'" + domain + "' is not a valid DNS name.", e);
        }
        Message response = query(Message.newQuery(Record.newRecord(name, Type.TXT, DClass.IN)), domain);
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            Log.debug("DNS {}: no such name", domain);
            return List.of();
        }
        if (rcode != Rcode.NOERROR) {
            throw new AtprotoException(Failure.NETWORK, "The DNS server " + describe(server) + " answered "
                    + Rcode.string(rcode) + " for the TXT record of " + domain + "; check the DNS server setting.");
        }
        List<String> texts = new ArrayList<>();
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record instanceof TXTRecord txt && record.getName().equals(name)) {
                texts.add(String.join("", txt.getStrings()));
            }
        }
        Log.debug("DNS {}: {} TXT record(s)", domain, texts.size());
        return texts;
    }

    private Message query(Message query, String domain) throws AtprotoException {
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTimeout(timeout);
        CompletableFuture<Message> pending = resolver.sendAsync(query).toCompletableFuture();
        try {
            return pending.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw timeout(domain, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SocketTimeoutException || cause instanceof java.io.InterruptedIOException) {
                throw timeout(domain, cause);
            }
            if (cause instanceof IOException) {
                throw new AtprotoException(Failure.NETWORK, "Asking the DNS server " + describe(server)
                        + " for the TXT record of " + domain + " failed: " + cause.getMessage(), cause);
            }
            throw new AtprotoException(Failure.NETWORK, "The DNS lookup of " + domain + " failed: " + cause, cause);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new AtprotoException(Failure.NETWORK, "Interrupted while looking up " + domain + ".", e);
        }
    }

    private AtprotoException timeout(String domain, Throwable cause) {
        return new AtprotoException(Failure.TIMEOUT, "The DNS server " + describe(server) + " did not answer the TXT query for "
                + domain + " within " + timeout.toMillis() + " ms; check the DNS server setting.", cause);
    }

    private static String describe(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    private static int port(String colonPort, String original) {
        String digits = colonPort.startsWith(":") ? colonPort.substring(1) : colonPort;
        if (!digits.matches("\\d{1,5}") || Integer.parseInt(digits) > 65535) {
            throw new IllegalArgumentException("The port of DNS server '" + original + "' is not a valid port.");
        }
        return Integer.parseInt(digits);
    }
}
