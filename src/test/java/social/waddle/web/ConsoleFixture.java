package social.waddle.web;

import java.io.IOException;
import java.io.Reader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PropertyResourceBundle;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import social.waddle.account.AccountRepository;
import social.waddle.account.AtprotoAccount;
import social.waddle.account.CredentialType;
import social.waddle.account.TestDatabase;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.crypto.PublicKeys;
import social.waddle.atproto.identity.ResolutionTrace;
import social.waddle.atproto.identity.ResolutionTrace.Outcome;
import social.waddle.atproto.identity.ResolutionTrace.Step;
import social.waddle.atproto.identity.ResolutionTrace.StepKind;
import social.waddle.atproto.identity.VerifiedIdentity;
import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.syntax.Handle;
import social.waddle.community.Channel;
import social.waddle.community.JdbcWaddleRepository;
import social.waddle.community.ListSync;
import social.waddle.community.ReconcileReport;
import social.waddle.community.Waddle;
import social.waddle.community.WaddleRepository;
import social.waddle.community.WaddleService;
import social.waddle.settings.PropertyStore;
import social.waddle.settings.Settings;
import social.waddle.settings.WaddleSettings;

/**
 * The pages in {@link ConsoleTestServer} with pure services behind {@link ConsoleServices}: real {@link Settings} over
 * a map, the real JDBC account and Waddle repositories and the real {@link WaddleService} on in-memory HSQLDB, the
 * plugin's real i18n bundle, and fakes for what reaches the network (identity resolution, reachability, XMPP
 * discovery, room reconciliation).
 */
final class ConsoleFixture {

    static final String ADMIN = "admin";
    static final String MULTIKEY = "zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF";
    static final Instant SEEN = Instant.parse("2025-03-04T05:06:00Z");

    final Map<String, String> properties = new ConcurrentHashMap<>();
    final Settings settings = new Settings(new MapStore(properties), WaddleSettings.ALL);
    final List<String> audit = new CopyOnWriteArrayList<>();
    final FakeAccounts accounts;
    final FakeDiagnostics diagnostics = new FakeDiagnostics();
    final FakeProfiles profiles = new FakeProfiles();
    final FakeWaddles waddles;
    final FakeListSource lists = new FakeListSource();
    private final ListSync listSync;
    final java.util.List<String> revokedDevices = new java.util.ArrayList<>();
    final social.waddle.device.DevicePasswords devices;
    final ConsoleTestServer server;
    private final TestDatabase database;
    private final AutoCloseable installed;

    ListSync listSync() {
        return listSync;
    }

    ConsoleFixture() throws Exception {
        database = new TestDatabase();
        accounts = new FakeAccounts(database.accounts());
        waddles = new FakeWaddles(new JdbcWaddleRepository(database.connections()));
        Messages messages = BundleMessages.of(bundle());
        listSync = new ListSync(waddles.service(), lists, java.time.Clock.systemUTC());
        devices = new social.waddle.device.DevicePasswords(
                new social.waddle.device.JdbcDevicePasswordRepository(database.connections()),
                new social.waddle.device.DevicePasswordHasher(10_000, new java.security.SecureRandom()), () -> 10,
                Runnable::run, java.time.Clock.systemUTC(), new java.security.SecureRandom());
        devices.addListener((did, id) -> revokedDevices.add(id));
        installed = ConsoleServices.install(ConsoleServices.builder()
                .messages(messages)
                .users(request -> Optional.ofNullable(request.getSession(false))
                        .map(session -> (String) session.getAttribute(ConsoleTestServer.ADMIN_ATTRIBUTE)))
                .audit((admin, summary, details) -> audit.add(admin + " | " + summary + " | " + details))
                .with(Settings.class, settings)
                .with(AccountAdministration.class, accounts)
                .with(Diagnostics.class, diagnostics)
                .with(WaddleAdministration.class, waddles)
                .with(AccountMemberships.class, new WaddleMemberships(waddles::repository, () -> messages))
                .with(ListSync.class, listSync)
                .with(AccountProfiles.class, profiles)
                .with(social.waddle.device.DevicePasswords.class, devices)
                .build());
        server = ConsoleTestServer.start();
    }

    static ResourceBundle bundle() throws IOException {
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/i18n/waddle_i18n.properties"), StandardCharsets.UTF_8)) {
            return new PropertyResourceBundle(reader);
        }
    }

    Client client() {
        return new Client(server);
    }

    /** A logged-in admin's client. */
    Client admin() throws Exception {
        Client client = client();
        client.login(ADMIN);
        return client;
    }

    AtprotoAccount addAccount(String did, String handle, String displayName) {
        AtprotoAccount account = new AtprotoAccount(JidLocalparts.of(did), did, Optional.ofNullable(handle), handle != null,
                Optional.ofNullable(displayName), Optional.of("https://pds.example.com"), Set.of(CredentialType.APP_PASSWORD),
                false, SEEN, SEEN, SEEN);
        database.accounts().save(account);
        return account;
    }

    static VerifiedIdentity identity(String did, String handle, String pds) throws AtprotoException {
        return new VerifiedIdentity(Did.parse(did), Optional.ofNullable(handle).map(ConsoleFixture::handle),
                Optional.ofNullable(handle).map(ConsoleFixture::handle), URI.create(pds), PublicKeys.fromMultikey(MULTIKEY),
                Instant.parse("2025-06-07T08:09:00Z"));
    }

    private static Handle handle(String value) {
        try {
            return Handle.parse(value);
        } catch (AtprotoException e) {
            throw new IllegalArgumentException(e);
        }
    }

    void close() throws Exception {
        try {
            server.close();
        } finally {
            installed.close();
            database.close();
        }
    }

    private record MapStore(Map<String, String> values) implements PropertyStore {
        @Override
        public Optional<String> get(String key) {
            return Optional.ofNullable(values.get(key));
        }

        @Override
        public void set(String key, String value) {
            values.put(key, value);
        }

        @Override
        public void delete(String key) {
            values.remove(key);
        }
    }

    /** JID localparts derived as the plugin derives them. */
    static final class JidLocalparts {
        private JidLocalparts() {
        }

        static String of(String did) {
            try {
                return social.waddle.atproto.identity.JidLocalpart.toLocalpart(Did.parse(did));
            } catch (AtprotoException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }

    /** Stored profiles by DID; refreshes are recorded. */
    static final class FakeProfiles implements AccountProfiles {
        final Map<String, social.waddle.account.StoredProfile> stored = new ConcurrentHashMap<>();
        final List<String> refreshed = new CopyOnWriteArrayList<>();
        final Map<String, social.waddle.atproto.profile.Avatar> avatars = new ConcurrentHashMap<>();

        @Override
        public Optional<social.waddle.account.StoredProfile> profile(String did) {
            return Optional.ofNullable(stored.get(did));
        }

        @Override
        public Optional<social.waddle.atproto.profile.Avatar> avatar(String did) {
            return Optional.ofNullable(avatars.get(did));
        }

        @Override
        public boolean refresh(String did) {
            refreshed.add(did);
            return true;
        }
    }

    static final class FakeAccounts implements AccountAdministration {
        private final AccountRepository repository;
        final Map<String, VerifiedIdentity> identities = new ConcurrentHashMap<>();
        final Map<String, AtprotoException> failures = new ConcurrentHashMap<>();
        final List<String> forgotten = new CopyOnWriteArrayList<>();
        final List<String> reresolved = new CopyOnWriteArrayList<>();

        FakeAccounts(AccountRepository repository) {
            this.repository = repository;
        }

        @Override
        public AccountRepository accounts() {
            return repository;
        }

        @Override
        public VerifiedIdentity reresolve(Did did) throws AtprotoException {
            reresolved.add(did.toString());
            if (failures.containsKey(did.toString())) {
                throw failures.get(did.toString());
            }
            VerifiedIdentity identity = identities.get(did.toString());
            if (identity == null) {
                throw new AtprotoException(Failure.NOT_FOUND, "No DID document for " + did);
            }
            return identity;
        }

        @Override
        public void forgetCredentials(String did) {
            forgotten.add(did);
        }
    }

    /** The real Waddle service; reconciling reports every channel's room in order, or as failed when told to. */
    static final class FakeWaddles implements WaddleAdministration {
        private final WaddleRepository repository;
        private final WaddleService service;
        final List<String> failingRooms = new CopyOnWriteArrayList<>();
        volatile int reconciled;

        FakeWaddles(WaddleRepository repository) {
            this.repository = repository;
            this.service = new WaddleService(repository, Clock.systemUTC());
        }

        @Override
        public WaddleService service() {
            return service;
        }

        @Override
        public WaddleRepository repository() {
            return repository;
        }

        @Override
        public ReconcileReport reconcile() {
            reconciled++;
            List<ReconcileReport.RoomReport> rooms = new ArrayList<>();
            List<Waddle> all = repository.findWaddles("", 0, Integer.MAX_VALUE);
            for (Waddle waddle : all) {
                for (Channel channel : repository.read(store -> store.channels(waddle.id()))) {
                    boolean fails = failingRooms.contains(channel.roomLocalpart());
                    rooms.add(new ReconcileReport.RoomReport(channel.roomLocalpart(), waddle.slug(), channel.slug(),
                            fails ? ReconcileReport.Outcome.FAILED : ReconcileReport.Outcome.OK, List.of(),
                            fails ? Optional.of("the MUC service refused <the> change") : Optional.empty(), Duration.ofMillis(2)));
                }
            }
            return new ReconcileReport(Instant.now(), Duration.ofMillis(5), all.size(), rooms, List.of(), List.of());
        }
    }

    static final class FakeDiagnostics implements Diagnostics {
        final Map<String, ResolutionTrace> traces = new ConcurrentHashMap<>();
        final Map<URI, Probe> probes = new ConcurrentHashMap<>();
        final List<URI> probed = new CopyOnWriteArrayList<>();
        volatile XmppDiscovery discovery = new XmppDiscovery("example.test", "conference.example.test", List.of(), List.of());

        @Override
        public ResolutionTrace trace(String handleOrDid) {
            ResolutionTrace trace = traces.get(handleOrDid);
            if (trace != null) {
                return trace;
            }
            AtprotoException failure = new AtprotoException(Failure.NOT_FOUND, "Handle " + handleOrDid + " does not resolve to a DID (tried dns)");
            return new ResolutionTrace(handleOrDid, List.of(
                    step(StepKind.SYNTAX, Outcome.OK, "handle"),
                    new Step(StepKind.DNS_TXT, Outcome.NO_ANSWER, "", Duration.ofMillis(12), Optional.empty())),
                    Optional.empty(), Optional.of(failure));
        }

        @Override
        public URI plcDirectory() {
            return URI.create("https://plc.example.test");
        }

        @Override
        public Probe probe(URI uri) {
            probed.add(uri);
            return probes.getOrDefault(uri, new Probe(uri, -1, Duration.ofMillis(5), "Could not connect to " + uri.getHost()));
        }

        @Override
        public XmppDiscovery discoverXmpp() {
            return discovery;
        }

        static Step step(StepKind kind, Outcome outcome, String detail) {
            return new Step(kind, outcome, detail, Duration.ofMillis(3), Optional.empty());
        }
    }

    /** A cookie-keeping HTTP client that does not follow redirects, so tests see the 303s. */
    static final class Client {
        private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
        private final ConsoleTestServer server;
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        Client(ConsoleTestServer server) {
            this.server = server;
        }

        void login(String user) throws Exception {
            send(HttpRequest.newBuilder(server.uri("/login?user=" + URLEncoder.encode(user, StandardCharsets.UTF_8))).GET());
        }

        Response get(String pageAndQuery) throws Exception {
            return send(HttpRequest.newBuilder(server.page(pageAndQuery)).GET());
        }

        /** A GET whose body is kept as bytes (images); {@code headers} are name, value pairs. */
        HttpResponse<byte[]> getBytes(String pageAndQuery, String... headers) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(server.page(pageAndQuery)).GET();
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        /** @param form name, value, name, value… (names may repeat) */
        Response post(String page, String... form) throws Exception {
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i < form.length; i += 2) {
                pairs.add(URLEncoder.encode(form[i], StandardCharsets.UTF_8) + "=" + URLEncoder.encode(form[i + 1], StandardCharsets.UTF_8));
            }
            return send(HttpRequest.newBuilder(server.page(page))
                    .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs))));
        }

        /** GETs a page and posts a form with the CSRF token that page carried. */
        Response submit(String page, String... form) throws Exception {
            String token = get(page).csrf();
            String[] withToken = new String[form.length + 2];
            withToken[0] = "csrf";
            withToken[1] = token;
            System.arraycopy(form, 0, withToken, 2, form.length);
            return post(page.contains("?") ? page.substring(0, page.indexOf('?')) : page, withToken);
        }

        Response follow(Response redirect) throws Exception {
            String location = redirect.location().orElseThrow(() -> new AssertionError("not a redirect: " + redirect.status()));
            return send(HttpRequest.newBuilder(server.page("").resolve(location)).GET());
        }

        private Response send(HttpRequest.Builder request) throws Exception {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.body(), response.headers().firstValue("Location"),
                    response.headers().map().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> String.join(",", e.getValue()))));
        }

        record Response(int status, String body, Optional<String> location, Map<String, String> headers) {
            String csrf() {
                Matcher matcher = CSRF.matcher(body);
                if (!matcher.find()) {
                    throw new AssertionError("no csrf field in page:\n" + body);
                }
                return matcher.group(1);
            }
        }
    }
}
