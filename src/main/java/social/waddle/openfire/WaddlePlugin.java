package social.waddle.openfire;

import java.io.File;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.jivesoftware.openfire.container.Plugin;
import org.jivesoftware.openfire.container.PluginManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;

import social.waddle.account.AccountRepository;
import social.waddle.account.JdbcAccountRepository;
import social.waddle.account.Nicknames;
import social.waddle.community.JdbcWaddleRepository;
import social.waddle.community.Provisioner;
import social.waddle.community.WaddleService;
import social.waddle.openfire.auth.LoginBridge;
import social.waddle.openfire.site.SiteWiring;
import social.waddle.openfire.auth.DeviceSessions;
import social.waddle.device.DevicePasswordHasher;
import social.waddle.device.DevicePasswords;
import social.waddle.device.JdbcDevicePasswordRepository;
import social.waddle.login.LoginService;
import social.waddle.account.JdbcPendingInviteRepository;
import social.waddle.account.JdbcWebSessionRepository;
import social.waddle.atproto.graph.GraphReader;
import social.waddle.atproto.graph.HostPacer;
import social.waddle.community.AtprotoListSource;
import social.waddle.community.ListSync;
import social.waddle.openfire.community.BlueskyListsCommand;
import social.waddle.openfire.community.CommunityCommands;
import social.waddle.openfire.community.CommunityDiscovery;
import social.waddle.openfire.auth.PreviousProviders;
import social.waddle.openfire.auth.WaddleAuthProvider;
import social.waddle.openfire.auth.WaddleUserProvider;
import social.waddle.openfire.cache.OpenfireCacheCredentialStore;
import social.waddle.openfire.cache.OpenfireCacheReplayCache;
import social.waddle.openfire.muc.BookmarkSync;
import social.waddle.openfire.muc.OwnRoomDestructions;
import social.waddle.openfire.muc.ReconcileCommand;
import social.waddle.openfire.muc.RoomCommands;
import social.waddle.openfire.muc.RoomMirror;
import social.waddle.openfire.muc.WaddleMucListener;
import social.waddle.openfire.muc.XmppRoomGateway;
import social.waddle.openfire.profile.AvatarPresenceInterceptor;
import social.waddle.settings.Setting;
import social.waddle.settings.Settings;
import social.waddle.settings.WaddleSettings;
import social.waddle.web.AccountProfiles;

/**
 * Wires the plugin into Openfire and unwires it again, symmetrically: every registration is recorded in
 * {@link Registrations} and undone in reverse order by {@link #destroyPlugin()}, so a reload leaves nothing
 * behind. No behaviour lives here.
 */
public final class WaddlePlugin implements Plugin {

    private static final Logger Log = LoggerFactory.getLogger(WaddlePlugin.class);

    /** Canonical name: the plugin JAR is {@code waddle.jar}, its i18n bundle {@code waddle_i18n}. */
    public static final String CANONICAL_NAME = "waddle";
    public static final String DISPLAY_NAME = "Waddle";
    /** How often each node looks for device passwords revoked elsewhere whose sessions it still holds. */
    static final Duration REVOKED_DEVICE_SWEEP = Duration.ofSeconds(30);

    private final Registrations registrations = new Registrations();
    private final PluginHooks openfire;

    public WaddlePlugin() {
        this(new OpenfireHooks());
    }

    WaddlePlugin(PluginHooks openfire) {
        this.openfire = openfire;
    }

    @Override
    public void initializePlugin(PluginManager manager, File pluginDirectory) {
        try {
            String version = version();
            Clock clock = Clock.systemUTC();

            Settings settings = new Settings(openfire.properties(), WaddleSettings.ALL);
            registrations.add("property listener", openfire.forwardPropertyChanges(settings));

            String subdomain = settings.get(WaddleSettings.COMPONENT_SUBDOMAIN);
            WaddleComponent component = new WaddleComponent(version);
            registrations.add("component " + subdomain, openfire.addComponent(subdomain, component));

            // Channel rooms are managed with XEP-0045 stanzas from the component, a system admin of the MUC service.
            String mucService = settings.get(WaddleSettings.MUC_SERVICE);
            JID componentJid = new JID(subdomain + "." + openfire.xmppDomain());
            String mucDomain = mucService + "." + openfire.xmppDomain();
            registrations.add("MUC system admin " + componentJid, openfire.grantMucSysadmin(mucService, componentJid));
            OwnRoomDestructions ownDestructions = new OwnRoomDestructions(clock);
            XmppRoomGateway rooms = new XmppRoomGateway(component.stanzas(), componentJid, mucDomain, ownDestructions);

            // Waddles live in Openfire's database; their channel rooms follow every committed change.
            JdbcWaddleRepository waddleRepository = new JdbcWaddleRepository(openfire.database());
            WaddleService waddles = new WaddleService(waddleRepository, clock);
            // Members' verified handles are their reserved nicknames in channel rooms and bookmarks.
            AccountRepository accountsForNicknames = new JdbcAccountRepository(openfire.database());
            Nicknames nicknames = new Nicknames(accountsForNicknames, clock);
            Provisioner provisioner = new Provisioner(waddleRepository, rooms, openfire.xmppDomain(), clock,
                    nicknames::of);
            registrations.add("room provisioning", provisioner);
            waddles.addListener(provisioner);
            WaddleJobs jobs = new WaddleJobs(provisioner::reconcile, () -> waddles.liftExpiredBans(clock.instant()),
                    provisioner::retryFailures, () -> settings.get(WaddleSettings.RECONCILE_INTERVAL),
                    openfire::runsClusterWideWork, WaddleJobs.MAINTENANCE_INTERVAL);
            registrations.add("Waddle jobs", jobs);
            jobs.start();
            component.whenStarted(jobs::reconcileNow);

            // Remembered credentials and seen token ids live in Openfire's caches, shared by the nodes of a cluster.
            OpenfireCacheCredentialStore credentials = new OpenfireCacheCredentialStore(openfire.createCache(
                    OpenfireCacheCredentialStore.CACHE_NAME, OpenfireCacheCredentialStore.MAX_BYTES,
                    settings.get(WaddleSettings.CREDENTIAL_CACHE_TTL)));
            registrations.add("cache " + OpenfireCacheCredentialStore.CACHE_NAME,
                    () -> openfire.destroyCache(OpenfireCacheCredentialStore.CACHE_NAME));
            OpenfireCacheReplayCache tokenIds = new OpenfireCacheReplayCache(openfire.createCache(
                    OpenfireCacheReplayCache.CACHE_NAME, OpenfireCacheReplayCache.MAX_BYTES,
                    OpenfireCacheReplayCache.ENTRY_LIFETIME), OpenfireCacheReplayCache.MAX_ENTRIES, clock);
            registrations.add("cache " + OpenfireCacheReplayCache.CACHE_NAME,
                    () -> openfire.destroyCache(OpenfireCacheReplayCache.CACHE_NAME));

            // Device passwords: checked by the login service; their last use is written on a thread of their own, and
            // revoking one ends this node's sessions that logged in with it: at once when revoked here, within
            // REVOKED_DEVICE_SWEEP when revoked on another cluster node.
            ScheduledExecutorService deviceUses = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "waddle-device-uses");
                thread.setDaemon(true);
                return thread;
            });
            registrations.add("device password use recorder", () -> stop(deviceUses));
            DevicePasswords devicePasswords = new DevicePasswords(new JdbcDevicePasswordRepository(openfire.database()),
                    new DevicePasswordHasher(settings.get(WaddleSettings.DEVICE_PASSWORD_ITERATIONS), new SecureRandom()),
                    () -> settings.get(WaddleSettings.DEVICE_PASSWORDS_PER_ACCOUNT), deviceUses, clock, new SecureRandom());
            registrations.add("device sessions", DeviceSessions.install());
            Runnable stopEndingSessions = devicePasswords.addListener((did, id) -> DeviceSessions.endSessionsOf(id));
            registrations.add("device password revocation listener", stopEndingSessions::run);
            deviceUses.scheduleWithFixedDelay(() -> {
                try {
                    DeviceSessions.endRevoked(devicePasswords::exists);
                } catch (RuntimeException e) {
                    // A task that throws is never run again: log, and sweep again next time.
                    Log.warn("Looking for device passwords revoked on other nodes failed", e);
                }
            }, REVOKED_DEVICE_SWEEP.toMillis(), REVOKED_DEVICE_SWEEP.toMillis(), TimeUnit.MILLISECONDS);

            // The login service runs before Openfire is pointed at the providers that need it, and stops after.
            LoginWiring login = new LoginWiring(settings, version, clock, credentials, tokenIds, devicePasswords);
            registrations.add("login service resources", login);
            AtomicReference<AutoCloseable> installedLogin = new AtomicReference<>(LoginBridge.install(login.build()));
            registrations.add("login service", () -> installedLogin.get().close());
            Runnable stopListening = settings.onChange(changed -> {
                if (login.builtFrom(changed)) {
                    rebuildLogin(login, installedLogin, changed);
                }
            });
            registrations.add("login settings listener", stopListening::run);
            registrations.add("authorization policy and mapping", openfire.installAuthorization());
            registrations.add("SASL PLAIN context", openfire.installSasl());
            registrations.add("ATProto account guard", openfire.installAccountGuard());

            // Linked Bluesky lists are read with the login service's identity resolver and XRPC client.
            HostPacer pacer = HostPacer.parking(settings.get(WaddleSettings.LIST_PDS_CALL_INTERVAL), Duration.ofMinutes(2));
            ListSync listSync = new ListSync(waddles, new AtprotoListSource(login::identities, login::xrpc, pacer,
                    () -> new GraphReader.Limits(settings.get(WaddleSettings.LIST_MAX_RECORDS),
                            settings.get(WaddleSettings.LIST_MAX_RECORDS) / GraphReader.PAGE_SIZE + 10, 1024,
                            Duration.ofMinutes(10)), clock), clock);
            ListSyncJob listJob = new ListSyncJob(listSync, () -> settings.get(WaddleSettings.LIST_SYNC_ENABLED),
                    openfire::runsClusterWideWork, () -> settings.get(WaddleSettings.LIST_SYNC_INTERVAL),
                    () -> settings.get(WaddleSettings.LIST_SYNC_MAX_BACKOFF));
            registrations.add("Bluesky list sync job", listJob);
            listJob.start(ListSyncJob.CHECK_INTERVAL);

            // People run their Waddles with XEP-0050 commands and find them with XEP-0030 on the component.
            // Listed in this order: people's commands as they use them, then the admins' own.
            component.addCommands(CommunityCommands.all(waddles, openfire.xmppDomain(), mucDomain, clock));
            component.addCommands(List.of(BlueskyListsCommand.create(waddles, listSync, openfire.xmppDomain(), mucDomain,
                    clock)));
            component.addCommands(RoomCommands.all(rooms));
            component.addCommands(List.of(new ReconcileCommand(provisioner)));
            component.discoverCommunities(new CommunityDiscovery(waddles, openfire.xmppDomain(), mucDomain));
            registrations.add("user provider", openfire.replaceProvider(PreviousProviders.USER_PROVIDER_PROPERTY,
                    "org.jivesoftware.openfire.user.DefaultUserProvider", WaddleUserProvider.class));
            registrations.add("auth provider", openfire.replaceProvider(PreviousProviders.AUTH_PROVIDER_PROPERTY,
                    "org.jivesoftware.openfire.auth.DefaultAuthProvider", WaddleAuthProvider.class));

            // Room events and bookmarks: Openfire's threads only queue work for one worker of ours.
            ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "waddle-rooms");
                thread.setDaemon(true);
                return thread;
            });
            registrations.add("room worker", () -> stop(worker));
            RoomMirror mirror = new RoomMirror(waddles, clock, worker, RoomMirror.DEFAULT_FLUSH_INTERVAL,
                    openfire.xmppDomain(), componentJid.getDomain(), ownDestructions);
            registrations.add("room mirror", mirror);
            registrations.add("MUC listener", openfire.addMucListener(new WaddleMucListener(mirror, mucDomain)));
            // Bookmarks wait for answers of the users' PEP and private storage: their own pool, never the room worker.
            ExecutorService bookmarkPool = Executors.newFixedThreadPool(BookmarkSync.DEFAULT_THREADS, runnable -> {
                Thread thread = new Thread(runnable, "waddle-bookmarks");
                thread.setDaemon(true);
                return thread;
            });
            registrations.add("bookmark pool", () -> stop(bookmarkPool));
            BookmarkSync bookmarks = new BookmarkSync(waddles, openfire.serverIqRoute(), bookmarkPool, openfire.xmppDomain(),
                    mucDomain, nicknames::of, BookmarkSync.DEFAULT_TIMEOUT);
            waddles.addListener(bookmarks);
            registrations.add("bookmark listener", () -> waddles.removeListener(bookmarks));
            registrations.add("session listener", openfire.addSessionListener(
                    new SessionStartListener(address -> bookmarks.userOnline(address.toBareJID()))));

            // Bluesky profiles become vCards, PEP avatars and nicknames; handle changes follow to rooms and bookmarks.
            ProfileWiring profiles = new ProfileWiring(settings, login, openfire, openfire.vCards(),
                    openfire.serverIqRoute(), clock);
            registrations.add("profile sync", profiles);
            registrations.add("avatar hash in presence", openfire.addInterceptor(
                    new AvatarPresenceInterceptor(profiles.hashes())));
            registrations.add("profile session listener", openfire.addSessionListener(new SessionStartListener(address -> {
                if (address.getNode() != null) {
                    profiles.sync().userOnline(address.getNode());
                }
            })));
            profiles.startHandleRecheck(openfire::runsClusterWideWork, clock, did -> {
                nicknames.forget(did.toString());
                provisioner.nicknameChanged(did);
                bookmarks.nicknameChanged(did);
            });

            // The public pages (Sign in with Bluesky, the person's home) on the HTTP-bind port; a changed
            // waddle.web.* setting mounts them again with the new values.
            SiteWiring.Parts siteParts = new SiteWiring.Parts(settings,
                    () -> LoginBridge.current().filter(LoginService.class::isInstance).map(LoginService.class::cast),
                    login::identities, login::http, login.accounts(), new JdbcWebSessionRepository(openfire.database()),
                    waddleRepository, openfire.xmppDomain(), username -> profiles.sync().userOnline(username), clock,
                    devicePasswords, new SiteWiring.Community(waddles, Optional.of(listSync), mucDomain,
                            new JdbcPendingInviteRepository(openfire.database())));
            AtomicReference<AutoCloseable> installedSite = new AtomicReference<>(openfire.installPublicSite(siteParts));
            registrations.add("public pages", () -> installedSite.get().close());
            Runnable stopSiteListening = settings.onChange(changed -> {
                if (changed.key().startsWith("waddle.web.")) {
                    reinstallSite(siteParts, installedSite, changed);
                }
            });
            registrations.add("public pages settings listener", stopSiteListening::run);

            // The admin console pages come last: everything they show is running by then, and they go first.
            registrations.add("admin console pages", openfire.installAdminConsole(ConsoleWiring.services(settings, login,
                    ConsoleWiring.discovery(component, componentJid, openfire.xmppDomain(), mucService), waddleRepository,
                    waddles, provisioner).with(ListSync.class, listSync)
                    .with(AccountProfiles.class, profiles.console())
                    .with(DevicePasswords.class, devicePasswords)));

            Log.info("{} {} initialised", DISPLAY_NAME, version);
        } catch (Exception | LinkageError e) {
            Log.error("{} could not start and has undone what it had registered", DISPLAY_NAME, e);
            registrations.undoAll();
            throw new IllegalStateException(DISPLAY_NAME + " could not start: " + e.getMessage(), e);
        }
    }

    /**
     * A changed setting takes effect for the next login: the login service is rebuilt from all settings. The new
     * install's undo replaces the previous one (whose undo would now do nothing), so stopping removes the latest.
     */
    private static void rebuildLogin(LoginWiring login, AtomicReference<AutoCloseable> installed, Setting<?> changed) {
        try {
            AutoCloseable previous = installed.getAndSet(LoginBridge.install(login.build()));
            previous.close();
            Log.info("Setting {} changed; logins now use the new values", changed.key());
        } catch (Exception e) {
            Log.error("Setting {} could not be applied; logins keep the previous values", changed.key(), e);
        }
    }

    /** The pages are unmounted, then mounted again with every current setting; a failure leaves them off, logged. */
    private void reinstallSite(SiteWiring.Parts parts, AtomicReference<AutoCloseable> installed, Setting<?> changed) {
        try {
            installed.getAndSet(() -> { }).close();
            installed.set(openfire.installPublicSite(parts));
            Log.info("Setting {} changed; the public pages now use the new values", changed.key());
        } catch (Exception e) {
            Log.error("Setting {} could not be applied; the public pages are off until the next change or restart",
                    changed.key(), e);
        }
    }

    private static void stop(ExecutorService worker) throws InterruptedException {
        worker.shutdown();
        if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
            Log.warn("Worker still busy after 10 s; interrupting it");
            worker.shutdownNow();
        }
    }

    /** From our JAR's manifest; Openfire 4.2.0 and 5.x share no method to read a plugin's metadata. */
    static String version() {
        String version = WaddlePlugin.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    @Override
    public void destroyPlugin() {
        registrations.undoAll();
        Log.info("{} stopped", DISPLAY_NAME);
    }
}
