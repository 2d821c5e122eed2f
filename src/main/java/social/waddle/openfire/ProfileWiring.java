package social.waddle.openfire;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import social.waddle.account.AccountRepository;
import social.waddle.profile.HandleRecheck;
import social.waddle.account.JdbcProfileRepository;
import social.waddle.account.ProfileRepository;
import social.waddle.profile.ProfileSync;
import social.waddle.account.StoredProfile;
import social.waddle.atproto.profile.Avatar;
import social.waddle.atproto.profile.ImageType;
import social.waddle.atproto.profile.PdsCallBudget;
import social.waddle.atproto.profile.ProfileFetcher;
import social.waddle.atproto.syntax.Did;
import social.waddle.openfire.profile.AvatarHashes;
import social.waddle.openfire.profile.VCardStore;
import social.waddle.openfire.profile.XmppProfilePublisher;
import social.waddle.openfire.muc.ServerIqRoute;
import social.waddle.settings.Settings;
import social.waddle.settings.WaddleSettings;

/**
 * Builds the profile sync and the handle re-check, on one thread of their own ({@value #THREAD_NAME}) that
 * {@link #close()} stops. The re-check runs every minute where cluster-wide work runs (asked each time), the profile
 * fetches wherever the user logged in.
 */
final class ProfileWiring implements AutoCloseable {

    private static final Logger Log = LoggerFactory.getLogger(ProfileWiring.class);

    static final String THREAD_NAME = "waddle-profiles";
    static final Duration RECHECK_EVERY = Duration.ofMinutes(1);
    static final Duration BACKOFF_BASE = Duration.ofMinutes(5);
    static final Duration BACKOFF_MAX = Duration.ofHours(6);
    static final Duration PEP_TIMEOUT = Duration.ofSeconds(10);

    private final Settings settings;
    private final LoginWiring login;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread created = new Thread(runnable, THREAD_NAME);
        created.setDaemon(true);
        return created;
    });
    private final ProfileRepository profiles;
    private final VCardStore vCards;
    private final AvatarHashes hashes;
    private final ProfileSync sync;
    private PdsCallBudget budget;

    ProfileWiring(Settings settings, LoginWiring login, PluginHooks openfire, VCardStore vCards, ServerIqRoute route,
                  Clock clock) {
        this.settings = settings;
        this.login = login;
        AccountRepository accounts = login.accounts();
        this.profiles = new JdbcProfileRepository(openfire.database());
        this.vCards = vCards;
        this.hashes = new AvatarHashes(username -> accounts.findByUsername(username)
                .flatMap(account -> profiles.find(account.did()))
                .filter(stored -> stored.publishedAt().isPresent())
                .map(stored -> stored.avatarSha1().orElse("")));
        XmppProfilePublisher publisher = new XmppProfilePublisher(vCards, route, PEP_TIMEOUT, hashes,
                openfire.xmppDomain());
        this.sync = new ProfileSync(accounts, profiles, (did, pds) -> fetcher().fetch(did, pds), publisher, thread, clock,
                () -> new ProfileSync.Options(settings.get(WaddleSettings.PROFILE_SYNC_ENABLED),
                        settings.get(WaddleSettings.PROFILE_REFRESH_INTERVAL), BACKOFF_BASE, BACKOFF_MAX));
    }

    ProfileSync sync() {
        return sync;
    }

    AvatarHashes hashes() {
        return hashes;
    }

    /** What the account page shows and does. */
    social.waddle.web.AccountProfiles console() {
        return new social.waddle.web.AccountProfiles() {
            @Override
            public Optional<StoredProfile> profile(String did) {
                return profiles.find(did);
            }

            @Override
            public Optional<Avatar> avatar(String did) {
                return publishedAvatar(did);
            }

            @Override
            public boolean refresh(String did) {
                return sync.refresh(did);
            }
        };
    }

    /**
     * The PHOTO of the account's published vCard, when it is the avatar we accepted and stored (same SHA-1) and still an
     * accepted image type by its bytes; nothing else of a vCard is ever served as an image.
     */
    private Optional<Avatar> publishedAvatar(String did) {
        Optional<StoredProfile> stored = profiles.find(did).filter(profile -> profile.avatarSha1().isPresent());
        Optional<String> username = login.accounts().findByDid(did).map(social.waddle.account.AtprotoAccount::username);
        if (stored.isEmpty() || username.isEmpty()) {
            return Optional.empty();
        }
        return vCards.load(username.get())
                .map(vCard -> vCard.element("PHOTO"))
                .map(photo -> photo.elementTextTrim("BINVAL"))
                .flatMap(ProfileWiring::base64)
                .filter(bytes -> ImageType.of(bytes).isPresent())
                .map(bytes -> Avatar.of(stored.get().avatarCid().orElse(""), bytes))
                .filter(avatar -> avatar.sha1().equals(stored.get().avatarSha1().get()));
    }

    private static Optional<byte[]> base64(String text) {
        try {
            return text == null || text.isEmpty() ? Optional.empty() : Optional.of(Base64.getMimeDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Passes every change of an account's shown handle, whoever saved it (login, re-check, console), on to the profile
     * and to {@code onHandleChange} (rooms, bookmarks); then starts the periodic handle re-check.
     */
    void startHandleRecheck(BooleanSupplier clusterWide, Clock clock, java.util.function.Consumer<Did> onHandleChange) {
        login.accounts().onHandleChange(account -> {
            sync.handleChanged(account.did());
            try {
                onHandleChange.accept(Did.parse(account.did()));
            } catch (social.waddle.atproto.AtprotoException e) {
                Log.warn("Stored DID {} does not parse: {}", account.did(), e.getMessage());
            }
        });
        HandleRecheck recheck = new HandleRecheck(login.accounts(), login::identities, account -> {
        }, clock, () -> settings.get(WaddleSettings.HANDLE_RECHECK_INTERVAL),
                () -> settings.get(WaddleSettings.HANDLE_RECHECKS_PER_MINUTE));
        long every = RECHECK_EVERY.toMillis();
        try {
            thread.scheduleWithFixedDelay(() -> {
                try {
                    if (clusterWide.getAsBoolean()) {
                        recheck.runOnce();
                    }
                } catch (RuntimeException | LinkageError e) {
                    Log.warn("Handle re-check failed; it runs again in {}", RECHECK_EVERY, e);
                }
            }, every, every, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            Log.debug("Profile thread stopped before the handle re-check was scheduled");
        }
    }

    /** A fetcher on the login service's current XRPC client; the per-PDS budget is kept unless its limit changed. */
    private synchronized ProfileFetcher fetcher() {
        int perMinute = settings.get(WaddleSettings.PROFILE_MAX_CALLS_PER_PDS);
        if (budget == null || budget.maxCalls() != perMinute) {
            budget = new PdsCallBudget(perMinute, Duration.ofMinutes(1), 10_000, Clock.systemUTC());
        }
        return new ProfileFetcher(login.xrpc(), budget, settings.get(WaddleSettings.PROFILE_MAX_AVATAR_BYTES));
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(20, TimeUnit.SECONDS)) {
                Log.warn("The {} thread did not stop within 20 s", THREAD_NAME);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
