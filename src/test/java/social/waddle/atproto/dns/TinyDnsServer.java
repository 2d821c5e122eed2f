package social.waddle.atproto.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;

/** A UDP DNS server on 127.0.0.1 that answers TXT questions from a map, or fails on purpose. */
public final class TinyDnsServer implements AutoCloseable {

    public enum Mode { ANSWER, SERVFAIL, SILENT }

    private final DatagramSocket socket;
    private final Map<String, List<List<String>>> txtRecords = new ConcurrentHashMap<>();
    private final AtomicInteger queries = new AtomicInteger();
    private volatile Mode mode = Mode.ANSWER;

    public TinyDnsServer() throws SocketException, java.net.UnknownHostException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        Thread thread = new Thread(this::serve, "tiny-dns");
        thread.setDaemon(true);
        thread.start();
    }

    /** Adds one TXT record made of the given character strings. */
    public TinyDnsServer txt(String name, String... strings) {
        txtRecords.computeIfAbsent(name.toLowerCase() + ".", key -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(List.of(strings));
        return this;
    }

    public void mode(Mode newMode) {
        mode = newMode;
    }

    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    public int queries() {
        return queries.get();
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                queries.incrementAndGet();
                if (mode == Mode.SILENT) {
                    continue;
                }
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] answer = answer(query).toWire();
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private Message answer(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RA);
        Record question = query.getQuestion();
        response.addRecord(question, Section.QUESTION);
        if (mode == Mode.SERVFAIL) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response;
        }
        Name name = question.getName();
        List<List<String>> records = txtRecords.get(name.toString().toLowerCase());
        if (records == null) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            return response;
        }
        for (List<String> strings : records) {
            response.addRecord(new TXTRecord(name, DClass.IN, 60, strings), Section.ANSWER);
        }
        return response;
    }

    @Override
    public void close() {
        socket.close();
    }
}
