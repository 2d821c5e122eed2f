package social.waddle.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.AdHocCommandNote;
import org.jivesoftware.smackx.commands.RemoteCommand;
import org.jivesoftware.smackx.muc.Affiliate;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.xdata.FormField;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

import social.waddle.openfire.muc.ReconcileCommand;
import social.waddle.openfire.muc.RoomCommands;
import social.waddle.testbed.Await;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.ServerLog;
import social.waddle.testbed.openfire.StoppedDatabase;
import social.waddle.testbed.openfire.XmppTestClient;

/**
 * The benchmarks of issue "Waddles", each on real Openfire 4.2.0 servers of the test bed, each figure a ratio against
 * a baseline measured in the same run:
 *
 * <ol>
 *   <li>{@code provision}: one Waddle of 50 channels and 1,000 members (rows written while the server is stopped);
 *       the plugin's reconcile creates its rooms with every affiliation (timed through the reconcile command, after
 *       the rooms were destroyed through the component), against an admin Smack client creating the same rooms with
 *       the same XEP-0045 stanzas. Goal: under 5 s.</li>
 *   <li>{@code reconcile}: 40 Waddles of 50 channels (2,000 rooms): the reconcile of rooms already in sync (the
 *       periodic case) and of missing rooms (the cold case), against as many disco#info queries from a client.</li>
 *   <li>{@code throughput}: MUC messages delivered per second in a channel room of a server with the plugin against
 *       the same room on a server without it (goal at least 0.95 times), rounds alternating between the two.</li>
 * </ol>
 *
 * <p>Run (the servers need {@code target/waddle.jar}):
 *
 * <pre>
 * mvn -B -q -DskipTests package exec:exec@waddle-bench
 * mvn -B -q exec:exec@waddle-bench -Dwaddle.bench.args="--only provision --rounds 5 --baseline single"
 * </pre>
 */
public final class WaddleBenchDriver {

    static final String DOMAIN = "waddle.test";
    static final String MUC_DOMAIN = "conference." + DOMAIN;
    static final String COMPONENT = "waddle." + DOMAIN;
    static final long T0 = Instant.parse("2026-05-01T12:00:00Z").toEpochMilli();
    static final Duration LONG_REPLY = Duration.ofMinutes(10);
    static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(3);
    /**
     * Messages in flight per room: without a bound, senders outrun the receivers until TCP back-pressure stalls the
     * server (Smack's writer queue fills, and Openfire 4.2 stops reading from the senders).
     */
    static final int WINDOW = 200;
    private static final Pattern RECONCILED = Pattern.compile(
            "Reconciled (\\d+) channel room\\(s\\) of (\\d+) Waddle\\(s\\) in (\\d+) ms.*?: (\\d+) created, (\\d+) repaired, "
                    + "(\\d+) ok, (\\d+) failed");
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final java.util.logging.Logger SMACK_LOG = java.util.logging.Logger.getLogger("org.jivesoftware");

    record Options(Set<String> only, int rounds, int channels, int members, String visibility, boolean batchedBaseline,
                   int reconcileWaddles, int reconcileMembers, int coldRounds, int messages, int senders,
                   int receivers, int throughputRounds, int warmupMessages, boolean syncedCommits) {

        static Options parse(String[] args) {
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].isBlank()) {
                    continue;
                }
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("options come as --name value pairs: " + args[i] + " (known: "
                            + "--only provision,reconcile,throughput --rounds --channels --members --visibility "
                            + "PUBLIC|INVITE_ONLY|PRIVATE --baseline batch|single --waddles --reconcile-members "
                            + "--cold-rounds --messages --senders --receivers --throughput-rounds --warmup --synced-commits true|false)");
                }
                values.put(args[i], args[++i]);
            }
            String baseline = values.getOrDefault("--baseline", "batch");
            if (!baseline.equals("batch") && !baseline.equals("single")) {
                throw new IllegalArgumentException("--baseline is batch or single");
            }
            return new Options(
                    new LinkedHashSet<>(Arrays.asList(values.getOrDefault("--only", "provision,reconcile,throughput")
                            .split(","))),
                    number(values, "--rounds", 3),
                    number(values, "--channels", 50),
                    number(values, "--members", 1000),
                    values.getOrDefault("--visibility", "PUBLIC"),
                    baseline.equals("batch"),
                    number(values, "--waddles", 40),
                    number(values, "--reconcile-members", 20),
                    number(values, "--cold-rounds", 1),
                    number(values, "--messages", 10000),
                    number(values, "--senders", 2),
                    number(values, "--receivers", 2),
                    number(values, "--throughput-rounds", 10),
                    number(values, "--warmup", 5000),
                    Boolean.parseBoolean(values.getOrDefault("--synced-commits", "true")));
        }

        private static int number(Map<String, String> values, String name, int fallback) {
            return Integer.parseInt(values.getOrDefault(name, Integer.toString(fallback)));
        }
    }

    private final Options options;
    private final List<OpenfireServer> servers = new ArrayList<>();

    private WaddleBenchDriver(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        SMACK_LOG.setLevel(java.util.logging.Level.SEVERE);
        // Plain streams: XEP-0198 acknowledgement requests per stanza would be measured too.
        XMPPTCPConnection.setUseStreamManagementDefault(false);
        WaddleBenchDriver driver = new WaddleBenchDriver(options);
        try {
            System.out.printf("Waddle benchmarks %s; load %s%n", options.only(), LoginLoadDriver.loadAverage());
            if (options.only().contains("provision")) {
                driver.provision();
            }
            if (options.only().contains("reconcile")) {
                driver.reconcile();
            }
            if (options.only().contains("throughput")) {
                driver.throughput();
            }
            System.out.printf("%nload average at the end: %s%n", LoginLoadDriver.loadAverage());
        } finally {
            driver.servers.forEach(OpenfireServer::close);
        }
    }

    // ---- 1. Provisioning one large Waddle ------------------------------------------------------------------

    private void provision() throws Exception {
        int channels = options.channels();
        int members = options.members();
        System.out.printf("%n== 1. Provision a Waddle of %d channels and %d members (%s); %d rounds; commits %s; baseline: "
                        + "admin client, affiliations %s; load %s%n", channels, members, options.visibility(),
                options.rounds(), options.syncedCommits() ? "synced (the bed)" : "synced every 500 ms (HSQLDB default)",
                options.batchedBaseline() ? "in one muc#admin set per room" : "one muc#admin set per item",
                LoginLoadDriver.loadAverage());
        List<String> rows = new ArrayList<>(sysadminRows());
        rows.addAll(waddleRows(1, "bench", "Bench", options.visibility(), channels, members, 0));
        Seeded seeded = seededServer("waddle-provision", rows);
        OpenfireServer server = seeded.server();
        String startUp = seeded.startUpReconcile();
        System.out.println("start-up reconcile (cold JVM): " + startUp.substring(startUp.indexOf("Reconciled")));

        List<String> rooms = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            rooms.add(channelSlug(c) + "~bench");
        }
        RoomShape shape = new RoomShape(options.visibility(), members);
        List<Jid> memberJids = new ArrayList<>();
        for (int m = 1; m < members; m++) {
            memberJids.add(JidCreate.from(memberId(0, m) + "@" + DOMAIN));
        }
        Jid owner = JidCreate.from(memberId(0, 0) + "@" + DOMAIN);

        long[] pluginNanos = new long[options.rounds()];
        long[] reportedMillis = new long[options.rounds()];
        long[] baselineNanos = new long[options.rounds()];
        long[] pluginCpu = new long[options.rounds()];
        long[] baselineCpu = new long[options.rounds()];
        try (XmppTestClient admin = admin(server)) {
            verifyRooms(admin, rooms, owner, members - 1);
            for (int round = 0; round < options.rounds(); round++) {
                for (int turn = 0; turn < 2; turn++) {
                    boolean pluginTurn = (round + turn) % 2 == 0;
                    if (pluginTurn) {
                        for (String room : rooms) {
                            command(admin, RoomCommands.DESTROY_ROOM, Map.of("localpart", room));
                        }
                        long cpu = serverCpuNanos(server);
                        long start = System.nanoTime();
                        CommandResult result = command(admin, ReconcileCommand.RECONCILE, Map.of());
                        pluginNanos[round] = System.nanoTime() - start;
                        pluginCpu[round] = serverCpuNanos(server) - cpu;
                        Matcher summary = RECONCILED.matcher(result.summary());
                        if (!summary.find() || Integer.parseInt(summary.group(4)) != channels) {
                            throw new IllegalStateException("The reconcile did not create " + channels + " rooms: "
                                    + result.summary());
                        }
                        reportedMillis[round] = Long.parseLong(summary.group(3));
                        verifyRooms(admin, rooms, owner, members - 1);
                    } else {
                        List<String> baselineRooms = new ArrayList<>();
                        for (int c = 0; c < channels; c++) {
                            baselineRooms.add("baseline-" + round + "-" + c);
                        }
                        long cpu = serverCpuNanos(server);
                        long start = System.nanoTime();
                        for (int c = 0; c < channels; c++) {
                            createLikeTheGateway(admin, baselineRooms.get(c), "Bench · Channel " + c, shape, owner,
                                    memberJids);
                        }
                        baselineNanos[round] = System.nanoTime() - start;
                        baselineCpu[round] = serverCpuNanos(server) - cpu;
                        verifyRooms(admin, baselineRooms, owner, members - 1);
                        for (String room : baselineRooms) {
                            destroy(admin, room);
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "round %d: plugin reconcile %.2f s (report %d ms), client %.2f s, "
                                + "ratio %.3f; server CPU %.2f s : %.2f s%n", round + 1, pluginNanos[round] / 1e9,
                        reportedMillis[round], baselineNanos[round] / 1e9,
                        (double) pluginNanos[round] / baselineNanos[round], pluginCpu[round] / 1e9,
                        baselineCpu[round] / 1e9);
            }
        }
        double plugin = Arrays.stream(pluginNanos).sum() / 1e9 / options.rounds();
        double baseline = Arrays.stream(baselineNanos).sum() / 1e9 / options.rounds();
        double best = Arrays.stream(pluginNanos).min().orElse(0) / 1e9;
        System.out.printf(Locale.ROOT, "provision: plugin %.2f s per Waddle (best %.2f s; goal < 5 s: %s), client "
                        + "%.2f s; ratio plugin/client %.3f; server CPU ratio %.3f; %d affiliations per round%n", plugin,
                best, plugin < 5 ? "met" : "MISSED", baseline, plugin / baseline,
                (double) Arrays.stream(pluginCpu).sum() / Arrays.stream(baselineCpu).sum(), channels * members);
        System.out.println("load " + LoginLoadDriver.loadAverage());
        server.close();
    }

    /** The room as the plugin's spec makes it, for the client baseline. */
    private record RoomShape(String visibility, int members) {
        boolean membersOnly() {
            return !visibility.equals("PUBLIC");
        }

        boolean listed() {
            return !visibility.equals("PRIVATE");
        }
    }

    /**
     * The stanzas {@code XmppRoomGateway.apply} sends for a new room, from an admin client: enter (creates), get and
     * submit the configuration form, read the four affiliation lists, set the affiliations, leave.
     */
    private void createLikeTheGateway(XmppTestClient admin, String room, String name, RoomShape shape, Jid owner,
                                      List<Jid> members) throws Exception {
        MultiUserChat chat = chat(admin, room);
        MultiUserChat.MucCreateConfigFormHandle created = chat.createOrJoin(chat.getEnterConfigurationBuilder(
                Resourcepart.from("bench")).requestNoHistory().build());
        if (created == null) {
            throw new IllegalStateException("Room " + room + " existed already");
        }
        FillableForm form = chat.getConfigurationForm().getFillableForm();
        form.setAnswer("muc#roomconfig_roomname", name);
        form.setAnswer("muc#roomconfig_roomdesc", "A benchmark Waddle");
        // Openfire 4.2.0 reads only "1" as true; Smack would write "true".
        form.setAnswer("muc#roomconfig_membersonly", flag(shape.membersOnly()));
        form.setAnswer("muc#roomconfig_moderatedroom", flag(false));
        form.setAnswer("muc#roomconfig_persistentroom", flag(true));
        form.setAnswer("muc#roomconfig_publicroom", flag(shape.listed()));
        chat.sendConfigurationForm(form);
        chat.getOwners();
        chat.getAdmins();
        chat.getMembers();
        chat.getOutcasts();
        if (options.batchedBaseline()) {
            List<Jid> owners = List.of(owner);
            chat.grantOwnership(owners);
            if (!members.isEmpty()) {
                chat.grantMembership(members);
            }
        } else {
            chat.grantOwnership(owner);
            for (Jid member : members) {
                chat.grantMembership(member);
            }
        }
        chat.leave();
    }

    private static String flag(boolean on) {
        return on ? "1" : "0";
    }

    private static void verifyRooms(XmppTestClient admin, List<String> rooms, Jid owner, int members) throws Exception {
        for (String room : rooms) {
            MultiUserChat chat = chat(admin, room);
            chat.join(chat.getEnterConfigurationBuilder(Resourcepart.from("check")).requestNoHistory().build());
            try {
                List<Affiliate> owners = chat.getOwners();
                int memberCount = chat.getMembers().size();
                if (owners.stream().noneMatch(affiliate -> owner.equals(affiliate.getJid())) || memberCount != members) {
                    throw new IllegalStateException("Room " + room + " has owners " + owners.size() + " and "
                            + memberCount + " members, expected " + owner + " and " + members);
                }
            } finally {
                chat.leave();
            }
        }
    }

    private static void destroy(XmppTestClient admin, String room) throws Exception {
        MultiUserChat chat = chat(admin, room);
        chat.join(chat.getEnterConfigurationBuilder(Resourcepart.from("destroyer")).requestNoHistory().build());
        chat.destroy("benchmark round over", null);
    }

    // ---- 2. Reconciling 2,000 rooms ------------------------------------------------------------------------

    private void reconcile() throws Exception {
        int waddles = options.reconcileWaddles();
        int channels = options.channels();
        int roomCount = waddles * channels;
        System.out.printf("%n== 2. Reconcile %d rooms (%d Waddles × %d channels, %d members each); %d in-sync rounds, "
                        + "%d cold rounds; baseline: %d disco#info queries from a client; load %s%n", roomCount, waddles,
                channels, options.reconcileMembers(), options.rounds(), options.coldRounds(), roomCount,
                LoginLoadDriver.loadAverage());
        List<String> rows = new ArrayList<>(sysadminRows());
        List<String> rooms = new ArrayList<>();
        for (int w = 0; w < waddles; w++) {
            String slug = "w" + w;
            rows.addAll(waddleRows(100 + w, slug, "Waddle " + w, "INVITE_ONLY", channels, options.reconcileMembers(), w));
            for (int c = 0; c < channels; c++) {
                rooms.add(channelSlug(c) + "~" + slug);
            }
        }
        Seeded seeded = seededServer("waddle-reconcile", rows);
        OpenfireServer server = seeded.server();
        String startUp = seeded.startUpReconcile();
        System.out.println("start-up reconcile (cold JVM, creates every room): "
                + startUp.substring(startUp.indexOf("Reconciled")));

        try (XmppTestClient admin = admin(server)) {
            // Warm-up, untimed: both paths once, so the first timed round does not pay for compiling them.
            discoAll(admin, rooms);
            expect(command(admin, ReconcileCommand.RECONCILE, Map.of()), roomCount, 0, roomCount);
            List<double[]> inSync = new ArrayList<>();
            for (int round = 0; round < options.rounds(); round++) {
                double[] pair = new double[4];
                for (int turn = 0; turn < 2; turn++) {
                    long cpu = serverCpuNanos(server);
                    long start = System.nanoTime();
                    if ((round + turn) % 2 == 0) {
                        CommandResult result = command(admin, ReconcileCommand.RECONCILE, Map.of());
                        pair[0] = (System.nanoTime() - start) / 1e9;
                        pair[2] = (serverCpuNanos(server) - cpu) / 1e9;
                        expect(result, roomCount, 0, roomCount);
                    } else {
                        discoAll(admin, rooms);
                        pair[1] = (System.nanoTime() - start) / 1e9;
                        pair[3] = (serverCpuNanos(server) - cpu) / 1e9;
                    }
                }
                inSync.add(pair);
                System.out.printf(Locale.ROOT, "in sync, round %d: reconcile %.2f s (%.2f ms/room), %d disco#info "
                                + "%.2f s (%.2f ms each), ratio %.2f; server CPU %.2f s : %.2f s%n", round + 1, pair[0],
                        pair[0] * 1e3 / roomCount, roomCount, pair[1], pair[1] * 1e3 / roomCount, pair[0] / pair[1],
                        pair[2], pair[3]);
            }
            List<double[]> cold = new ArrayList<>();
            for (int round = 0; round < options.coldRounds(); round++) {
                for (String room : rooms) {
                    command(admin, RoomCommands.DESTROY_ROOM, Map.of("localpart", room));
                }
                double[] pair = new double[4];
                long cpu = serverCpuNanos(server);
                long start = System.nanoTime();
                CommandResult result = command(admin, ReconcileCommand.RECONCILE, Map.of());
                pair[0] = (System.nanoTime() - start) / 1e9;
                pair[2] = (serverCpuNanos(server) - cpu) / 1e9;
                expect(result, roomCount, roomCount, 0);
                cpu = serverCpuNanos(server);
                start = System.nanoTime();
                discoAll(admin, rooms);
                pair[1] = (System.nanoTime() - start) / 1e9;
                pair[3] = (serverCpuNanos(server) - cpu) / 1e9;
                cold.add(pair);
                System.out.printf(Locale.ROOT, "cold, round %d: reconcile creating %d rooms %.2f s (%.2f ms/room), "
                                + "%d disco#info %.2f s, ratio %.2f; server CPU %.2f s : %.2f s%n", round + 1, roomCount,
                        pair[0], pair[0] * 1e3 / roomCount, roomCount, pair[1], pair[0] / pair[1], pair[2], pair[3]);
            }
            summarise("reconcile in sync", inSync, roomCount);
            summarise("reconcile cold", cold, roomCount);
        }
        System.out.println("load " + LoginLoadDriver.loadAverage());
        server.close();
    }

    private static void summarise(String what, List<double[]> pairs, int rooms) {
        if (pairs.isEmpty()) {
            return;
        }
        double ours = pairs.stream().mapToDouble(pair -> pair[0]).sum() / pairs.size();
        double disco = pairs.stream().mapToDouble(pair -> pair[1]).sum() / pairs.size();
        double ourCpu = pairs.stream().mapToDouble(pair -> pair[2]).sum() / pairs.size();
        double discoCpu = pairs.stream().mapToDouble(pair -> pair[3]).sum() / pairs.size();
        System.out.printf(Locale.ROOT, "%s: %.2f s for %d rooms = %.2f ms/room; %d disco#info %.2f s = %.2f ms each; "
                        + "ratio %.2f; server CPU per room %.2f ms : per disco#info %.2f ms, ratio %.2f%n", what, ours,
                rooms, ours * 1e3 / rooms, rooms, disco, disco * 1e3 / rooms, ours / disco, ourCpu * 1e3 / rooms,
                discoCpu * 1e3 / rooms, ourCpu / discoCpu);
    }

    private static void expect(CommandResult result, int rooms, int created, int ok) {
        Matcher summary = RECONCILED.matcher(result.summary());
        if (!summary.find() || Integer.parseInt(summary.group(1)) != rooms || Integer.parseInt(summary.group(4)) != created
                || Integer.parseInt(summary.group(6)) != ok || Integer.parseInt(summary.group(7)) != 0) {
            throw new IllegalStateException("Expected " + rooms + " rooms, " + created + " created, " + ok + " ok: "
                    + result.summary());
        }
    }

    private static void discoAll(XmppTestClient admin, List<String> rooms) throws Exception {
        for (String room : rooms) {
            admin.discoInfo(room + "@" + MUC_DOMAIN);
        }
    }

    // ---- 3. MUC message throughput --------------------------------------------------------------------------

    /** The receivers and senders of one server, all in the room. */
    private record Bed(String label, OpenfireServer server, List<XmppTestClient> senders, List<AtomicInteger> received,
                       List<XmppTestClient> receivers, Tally tally) implements AutoCloseable {
        @Override
        public void close() {
            senders.forEach(XmppTestClient::close);
            receivers.forEach(XmppTestClient::close);
        }
    }

    private void throughput() throws Exception {
        String room = "general~tp";
        System.out.printf("%n== 3. MUC throughput in %s: %d messages per round from %d senders, %d receivers; %d rounds "
                        + "alternating with/without plugin; load %s%n", room, options.messages(), options.senders(),
                options.receivers(), options.throughputRounds(), LoginLoadDriver.loadAverage());
        List<String> rows = new ArrayList<>(sysadminRows());
        rows.addAll(waddleRows(500, "tp", "Throughput", "PUBLIC", 1, 2, 999));
        OpenfireServer withPlugin = seededServer("waddle-throughput-plugin", rows).server();
        // The same kind of database on both sides: only the plugin differs.
        OpenfireServer plain = OpenfireServer.start(OpenfireServer.Options.defaults().label("waddle-throughput-plain")
                .domain(DOMAIN).database(OpenfireServer.Database.FILE).withoutPlugin());
        servers.add(plain);
        try (XmppTestClient admin = admin(plain)) {
            createLikeTheGateway(admin, room, "Throughput · general", new RoomShape("PUBLIC", 0),
                    JidCreate.from(memberId(999, 0) + "@" + DOMAIN), List.of());
        }
        try (Bed a = bed("with plugin", withPlugin, room); Bed b = bed("without plugin", plain, room)) {
            round(a, room, options.warmupMessages(), "warm");
            round(b, room, options.warmupMessages(), "warm");
            Map<Bed, List<Long>> nanos = new HashMap<>(Map.of(a, new ArrayList<>(), b, new ArrayList<>()));
            Map<Bed, Long> cpu = new HashMap<>(Map.of(a, 0L, b, 0L));
            for (int round = 0; round < options.throughputRounds(); round++) {
                Bed bed = (round / 2 + round) % 2 == 0 ? a : b; // a b b a a b …
                long before = serverCpuNanos(bed.server());
                long elapsed = round(bed, room, options.messages(), "r" + round);
                cpu.merge(bed, serverCpuNanos(bed.server()) - before, Long::sum);
                nanos.get(bed).add(elapsed);
                System.out.printf(Locale.ROOT, "round %d %-15s %8.0f messages/s delivered%n", round + 1, bed.label(),
                        options.messages() / (elapsed / 1e9));
            }
            double rateA = rate(nanos.get(a));
            double rateB = rate(nanos.get(b));
            double ratio = rateA / rateB;
            System.out.printf(Locale.ROOT, "throughput: with plugin %.0f msg/s, without %.0f msg/s; ratio %.3f (goal >= "
                    + "0.95: %s); server CPU per message %.3f ms : %.3f ms%n", rateA, rateB, ratio,
                    ratio >= 0.95 ? "met" : "MISSED",
                    cpu.get(a) / 1e6 / (nanos.get(a).size() * (double) options.messages()),
                    cpu.get(b) / 1e6 / (nanos.get(b).size() * (double) options.messages()));
        }
        System.out.println("load " + LoginLoadDriver.loadAverage());
        withPlugin.close();
        plain.close();
    }

    private double rate(List<Long> nanos) {
        return nanos.size() * (double) options.messages() / (nanos.stream().mapToLong(Long::longValue).sum() / 1e9);
    }

    /** What the receivers count in the current round, and the latch each receiver opens once it has all. */
    private static final class Tally {
        volatile String prefix = "none";
        volatile int target;
        volatile CountDownLatch done = new CountDownLatch(0);
        /** Messages sent but not yet seen by the first receiver: senders wait when the window is full. */
        final Semaphore window = new Semaphore(WINDOW);
    }

    private Bed bed(String label, OpenfireServer server, String room) throws Exception {
        Tally tally = new Tally();
        List<XmppTestClient> senders = new ArrayList<>();
        List<XmppTestClient> receivers = new ArrayList<>();
        List<AtomicInteger> received = new ArrayList<>();
        for (int i = 0; i < options.senders(); i++) {
            XmppTestClient.createLocalUser(server, "sender" + i, "password");
            XmppTestClient sender = XmppTestClient.login(server, "sender" + i, "password");
            sender.joinRoom(room, "sender" + i);
            senders.add(sender);
        }
        for (int i = 0; i < options.receivers(); i++) {
            XmppTestClient.createLocalUser(server, "receiver" + i, "password");
            XmppTestClient receiver = XmppTestClient.login(server, "receiver" + i, "password");
            AtomicInteger count = new AtomicInteger();
            boolean first = i == 0;
            MultiUserChat chat = chat(receiver, room);
            chat.addMessageListener((Message message) -> {
                String body = message.getBody();
                if (body == null || !body.startsWith(tally.prefix)) {
                    return;
                }
                if (first) {
                    tally.window.release();
                }
                if (count.incrementAndGet() == tally.target) {
                    tally.done.countDown();
                }
            });
            receiver.joinRoom(room, "receiver" + i);
            receivers.add(receiver);
            received.add(count);
        }
        return new Bed(label, server, senders, received, receivers, tally);
    }

    /** Sends {@code messages} spread over the senders, each on its own thread; returns nanoseconds until all arrived. */
    private long round(Bed bed, String room, int messages, String label) throws InterruptedException {
        Tally tally = bed.tally();
        bed.received().forEach(count -> count.set(0));
        tally.target = messages;
        tally.done = new CountDownLatch(bed.receivers().size());
        tally.prefix = label + ":";
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int s = 0; s < bed.senders().size(); s++) {
            XmppTestClient sender = bed.senders().get(s);
            int share = messages / bed.senders().size() + (s < messages % bed.senders().size() ? 1 : 0);
            String prefix = label + ":" + s + ":";
            Thread thread = new Thread(() -> {
                for (int i = 0; i < share; i++) {
                    tally.window.acquireUninterruptibly();
                    sender.sendGroupMessage(room, prefix + i);
                }
            }, "sender-" + s);
            thread.start();
            threads.add(thread);
        }
        if (!tally.done.await(DELIVERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(bed.label() + ": only " + bed.received() + " of " + messages
                    + " messages arrived within " + DELIVERY_TIMEOUT);
        }
        long elapsed = System.nanoTime() - start;
        for (Thread thread : threads) {
            thread.join();
        }
        return elapsed;
    }

    // ---- Servers and seeding ---------------------------------------------------------------------------------

    /**
     * A server with the plugin and a file database holding {@code rows}, started; returns once its start-up reconcile
     * has finished, with that reconcile's log line.
     */
    private Seeded seededServer(String label, List<String> rows) {
        OpenfireServer server = OpenfireServer.start(OpenfireServer.Options.defaults().label(label).domain(DOMAIN)
                .database(OpenfireServer.Database.FILE));
        servers.add(server);
        server.stop();
        List<String> statements = new ArrayList<>(rows);
        if (!options.syncedCommits()) {
            // HSQLDB's default (what Openfire's own embedded database runs with): the log is synced every 500 ms, not at
            // every commit. The bed syncs every commit, so that a killed server keeps its data.
            statements.add("SET FILES WRITE DELAY 500 MILLIS");
            rewrite(server.home().resolve("conf/openfire.xml"), ";hsqldb.write_delay=false", ";hsqldb.write_delay=true");
        }
        StoppedDatabase.execute(server, statements);
        ServerLog.Mark beforeStart = server.log().mark();
        server.start();
        return new Seeded(server, awaitReconcileLine(server, beforeStart));
    }

    private static void rewrite(Path file, String from, String to) {
        try {
            String text = Files.readString(file);
            if (!text.contains(from)) {
                throw new IllegalStateException(file + " does not contain " + from);
            }
            Files.writeString(file, text.replace(from, to));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Seeded(OpenfireServer server, String startUpReconcile) {
    }

    private static List<String> sysadminRows() {
        String admin = OpenfireServer.ADMIN_USERNAME + "@" + DOMAIN;
        return List.of("DELETE FROM ofMucServiceProp WHERE serviceID = 1 AND name = 'sysadmin.jid'",
                "INSERT INTO ofMucServiceProp (serviceID, name, propValue) VALUES (1, 'sysadmin.jid', '" + admin + "')");
    }

    /** A Waddle with {@code channels} channels and {@code members} members, the first of whom owns it. */
    private static List<String> waddleRows(long id, String slug, String name, String visibility, int channels,
                                           int members, int memberSeries) {
        List<String> rows = new ArrayList<>();
        String owner = "did:plc:" + memberId(memberSeries, 0);
        rows.add("INSERT INTO ofWaddle (id, slug, name, description, ownerDid, visibility, createdAt, updatedAt) VALUES ("
                + id + ", '" + slug + "', '" + name + "', 'A benchmark Waddle', '" + owner + "', '" + visibility + "', "
                + T0 + ", " + T0 + ")");
        for (int c = 0; c < channels; c++) {
            String channel = channelSlug(c);
            rows.add("INSERT INTO ofWaddleChannel (id, waddleId, slug, roomLocalpart, name, topic, channelKind, "
                    + "sortIndex, isDefault, messageCount, lastActivity, createdAt) VALUES (" + (id * 1000 + c) + ", "
                    + id + ", '" + channel + "', '" + channel + "~" + slug + "', 'Channel " + c + "', '', 'TEXT', " + c
                    + ", " + (c == 0 ? 1 : 0) + ", 0, NULL, " + T0 + ")");
        }
        for (int m = 0; m < members; m++) {
            rows.add("INSERT INTO ofWaddleMember (waddleId, did, memberRole, joinedAt, lastSeen) VALUES (" + id
                    + ", 'did:plc:" + memberId(memberSeries, m) + "', '" + (m == 0 ? "OWNER" : "MEMBER") + "', " + T0
                    + ", NULL)");
        }
        return rows;
    }

    private static String channelSlug(int channel) {
        return channel == 0 ? "general" : "channel-" + channel;
    }

    /** A did:plc identifier (24 base32 characters), distinct for each series and number. */
    static String memberId(int series, int number) {
        StringBuilder id = new StringBuilder("bench");
        long value = (long) series * 1_000_000L + number;
        char[] digits = new char[19];
        for (int i = digits.length - 1; i >= 0; i--) {
            digits[i] = BASE32.charAt((int) (value % 32));
            value /= 32;
        }
        return id.append(digits).toString();
    }

    /** Waits for the reconcile the plugin runs once its component is up, and returns its log line. */
    private static String awaitReconcileLine(OpenfireServer server, ServerLog.Mark since) {
        Await.until("the start-up reconcile of " + server, LONG_REPLY,
                () -> server.log().firstLineSince(since, "Reconciled ").isPresent());
        return server.log().firstLineSince(since, "Reconciled ").orElseThrow();
    }

    private static XmppTestClient admin(OpenfireServer server) {
        XmppTestClient admin = XmppTestClient.login(server, server.adminUsername(), server.adminPassword());
        admin.connection().setReplyTimeout(LONG_REPLY.toMillis());
        return admin;
    }

    private static MultiUserChat chat(XmppTestClient client, String room) throws Exception {
        EntityBareJid jid = JidCreate.entityBareFrom(room + "@" + MUC_DOMAIN);
        return MultiUserChatManager.getInstanceFor(client.connection()).getMultiUserChat(jid);
    }

    /** User plus system CPU time of the server process so far, from {@code /proc/<pid>/stat}; 0 elsewhere. */
    private static long serverCpuNanos(OpenfireServer server) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(server.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    // ---- Ad-hoc commands ---------------------------------------------------------------------------------------

    private record CommandResult(List<String> notes, DataForm form) {
        String summary() {
            if (form == null || form.getField(ReconcileCommand.SUMMARY) == null) {
                return String.join(" ", notes);
            }
            return String.join("", form.getField(ReconcileCommand.SUMMARY).getValuesAsString());
        }
    }

    /** Runs a command of the Waddle component, filling its form (if any) with {@code values}; errors are thrown. */
    private static CommandResult command(XmppTestClient client, String node, Map<String, String> values) throws Exception {
        RemoteCommand command = AdHocCommandManager.getAddHocCommandsManager(client.connection())
                .getRemoteCommand(JidCreate.from(COMPONENT), node);
        command.execute();
        if (!command.isCompleted()) {
            FillableForm form = new FillableForm(command.getForm());
            values.forEach((field, value) -> {
                FormField formField = form.getField(field);
                if (formField == null) {
                    throw new IllegalStateException("Command " + node + " has no field " + field);
                }
                form.setAnswer(field, value);
            });
            command.complete(form);
        }
        List<String> notes = new ArrayList<>();
        for (AdHocCommandNote note : command.getNotes()) {
            if (note.getType() == AdHocCommandNote.Type.error) {
                throw new IllegalStateException("Command " + node + " " + values + " failed: " + note.getValue());
            }
            notes.add(note.getValue());
        }
        return new CommandResult(notes, command.getForm());
    }
}
