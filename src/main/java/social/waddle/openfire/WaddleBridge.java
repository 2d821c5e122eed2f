package social.waddle.openfire;

import java.util.Objects;
import java.util.Optional;

import social.waddle.community.ListSync;
import social.waddle.community.Provisioner;
import social.waddle.community.WaddleService;

/**
 * Where adapters that Openfire creates on its own (ad-hoc commands, admin pages) find the running Waddle service and
 * its room provisioning. Set by the plugin on start and cleared on stop; while empty, Waddles are unavailable.
 */
public final class WaddleBridge {

    /** The running Waddle domain: its service and the provisioning that keeps its rooms. */
    public record Waddles(WaddleService service, Provisioner provisioner) {

        public Waddles {
            Objects.requireNonNull(service);
            Objects.requireNonNull(provisioner);
        }
    }

    private static volatile Waddles current;
    private static volatile ListSync lists;

    private WaddleBridge() {
    }

    public static Optional<Waddles> current() {
        return Optional.ofNullable(current);
    }

    public static Optional<WaddleService> service() {
        return current().map(Waddles::service);
    }

    public static Optional<Provisioner> provisioner() {
        return current().map(Waddles::provisioner);
    }

    /** The running Bluesky list sync. */
    public static Optional<ListSync> lists() {
        return Optional.ofNullable(lists);
    }

    /** @return the undo action, for the plugin's registrations */
    public static AutoCloseable installLists(ListSync sync) {
        lists = Objects.requireNonNull(sync);
        return () -> {
            if (lists == sync) {
                lists = null;
            }
        };
    }

    /** @return the undo action, for the plugin's registrations */
    public static AutoCloseable install(WaddleService service, Provisioner provisioner) {
        Waddles installed = new Waddles(service, provisioner);
        current = installed;
        return () -> {
            if (current == installed) {
                current = null;
            }
        };
    }
}
